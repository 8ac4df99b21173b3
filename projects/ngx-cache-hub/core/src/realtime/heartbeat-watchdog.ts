import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';

declare const ngDevMode: boolean | undefined;

/**
 * Calls `onSilence` when nothing arrived for `timeoutMs` since the last `arm()`: the connection is
 * dead though it looks open. `0` (or a non-finite value) turns it off.
 */
export class HeartbeatWatchdog {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly timeoutMs: number) {}

  /** Starts (or restarts) the wait. */
  arm(onSilence: () => void): void {
    this.disarm();
    if (!(this.timeoutMs > 0 && Number.isFinite(this.timeoutMs))) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      onSilence();
    }, this.timeoutMs);
  }

  /** Stops waiting. */
  disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** The error reported when a connection stayed silent for `timeoutMs`. */
export function heartbeatTimeout(timeoutMs: number): CacheHubError {
  return new CacheHubError(
    205 satisfies CacheHubErrorCode.HeartbeatTimeout,
    (typeof ngDevMode === 'undefined' || ngDevMode) &&
      `No frame arrived for ${timeoutMs} ms, so the connection was closed and is being replaced. ` +
        'Make the server send PING frames (or SSE comments) more often, or raise heartbeatTimeoutMs.',
  );
}
