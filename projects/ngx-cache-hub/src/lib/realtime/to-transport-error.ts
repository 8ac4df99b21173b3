import { CacheHubError, CacheHubErrorCode } from '../core/cache-hub-error';

/** Keeps a `CacheHubError` as it is; wraps anything else in a `TransportFailed` error that says what failed. */
export function toTransportError(error: unknown, what: string): CacheHubError {
  if (error instanceof CacheHubError) {
    return error;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new CacheHubError(
    CacheHubErrorCode.TransportFailed,
    `${what} failed (${reason}). The connection is reopened with backoff; check the URL, the server and the token.`,
    { cause: error },
  );
}
