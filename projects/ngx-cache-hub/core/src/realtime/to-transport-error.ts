import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';

declare const ngDevMode: boolean | undefined;

/** Keeps a `CacheHubError` as it is; wraps anything else in a `TransportFailed` error that says what failed. */
export function toTransportError(error: unknown, what: string | boolean): CacheHubError {
  if (error instanceof CacheHubError) {
    return error;
  }
  return new CacheHubError(
    204 satisfies CacheHubErrorCode.TransportFailed,
    (typeof ngDevMode === 'undefined' || ngDevMode) && `${what} failed (${describeFailure(error)}). It is reopened with backoff; check the URL, the server and the token.`,
    { cause: error },
  );
}

/** Errors, socket close events and error events say different things about what went wrong. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  const event = (typeof error === 'object' && error !== null ? error : {}) as { type?: unknown; code?: unknown; reason?: unknown };
  if (typeof event.code === 'number') {
    return `closed with code ${event.code}${event.reason ? `: ${String(event.reason)}` : ''}`;
  }
  if (typeof event.type === 'string') {
    return `${event.type} event`;
  }
  return String(error);
}
