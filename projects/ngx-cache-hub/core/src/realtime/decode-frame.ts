import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';

declare const ngDevMode: boolean | undefined;

/**
 * Turns a raw incoming frame into a JSON value: strings are parsed as JSON, anything else
 * (a frame a transport already parsed) is returned as it is.
 *
 * @throws CacheHubError `MalformedFrame` when a string is not valid JSON.
 */
export function decodeFrame(raw: unknown): unknown {
  if (typeof raw !== 'string') {
    return raw;
  }
  try {
    return JSON.parse(raw);
  } catch (cause) {
    throw new CacheHubError(
      202 satisfies CacheHubErrorCode.MalformedFrame,
      (typeof ngDevMode === 'undefined' || ngDevMode) &&
        `Dropped a real-time frame that is not valid JSON: ${preview(raw)}. Send JSON frames, or adapt the server's format with mapMessage.`,
      { cause },
    );
  }
}

function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
