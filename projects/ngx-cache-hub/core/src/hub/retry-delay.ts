import { CacheHubError, type CacheHubErrorCode } from './cache-hub-error';
import { describe } from './cache-key';

declare const ngDevMode: boolean | undefined;

/** Options of {@link exponentialBackoff}. */
export interface BackoffOptions {
  /** First delay in ms. Default 1000. */
  readonly baseMs?: number;
  /** Largest delay in ms. Default 30 000. */
  readonly maxMs?: number;
  /** Growth per attempt. Default 2. */
  readonly factor?: number;
  /**
   * Spread delays so clients do not retry in step: `true` over [delay/2, delay], `'full'` over
   * [0, delay] (reconnects of many clients dropped together), `false` none. Default true.
   */
  readonly jitter?: boolean | 'full';
  /** Source of randomness, for tests. Default Math.random. */
  readonly random?: () => number;
}

/** Delay before retry number `attempt` (0-based): base, 2x, 4x … capped, with optional jitter. */
export type RetryDelay = (attempt: number, error: unknown) => number;

/**
 * Exponential backoff: `baseMs * factor^attempt`, capped at `maxMs`, optionally jittered.
 *
 * @example exponentialBackoff({ baseMs: 1000, jitter: false }) // 1 s, 2 s, 4 s …
 */
export function exponentialBackoff(options: BackoffOptions = {}): RetryDelay {
  const { baseMs = 1000, maxMs = 30_000, factor = 2, jitter = true, random = Math.random } = options;
  // A negative, NaN or shrinking delay would retry at once, forever.
  if (!(baseMs >= 0 && baseMs < Infinity) || !(maxMs >= 0) || !(factor >= 1 && factor < Infinity) || typeof random !== 'function') {
    throw new CacheHubError(
      104 satisfies CacheHubErrorCode.InvalidOption,
      (typeof ngDevMode === 'undefined' || ngDevMode) &&
        `Backoff options need baseMs >= 0, maxMs >= 0, factor >= 1 (finite) and a random function, got baseMs ${describe(baseMs)}, maxMs ${describe(maxMs)}, factor ${describe(factor)}`,
    );
  }
  return (attempt) => {
    const delay = Math.min(maxMs, baseMs * factor ** attempt);
    // A random() outside [0, 1] (NaN, negative) would make the delay NaN or negative: no jitter then.
    const spread = jitter ? random() : 1;
    const r = spread >= 0 && spread <= 1 ? spread : 1;
    return jitter === 'full' ? r * delay : jitter ? delay / 2 + (r * delay) / 2 : delay;
  };
}
