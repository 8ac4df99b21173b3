/** Milliseconds to wait before the next attempt, given how many attempts have failed so far (1, 2, ...). */
export type BackoffPolicy = (failedAttempts: number) => number;

/** Options of `exponentialBackoff()`. */
export interface ExponentialBackoffOptions {
  /** Delay after the first failure. Default 1000. */
  readonly initialMs?: number;
  /** Upper bound of any delay. Default 30000. */
  readonly maxMs?: number;
  /** Random spread as a fraction of the delay (0.2 = ±20%), so tabs and devices do not retry in step. Default 0.2. */
  readonly jitter?: number;
  /** Source of randomness in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/**
 * The default retry delay: `initialMs` doubling per failed attempt, capped at `maxMs`, with jitter.
 *
 * @example
 * new OfflineQueue({ ..., backoff: exponentialBackoff({ initialMs: 500, jitter: 0 }) });
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): BackoffPolicy {
  const { initialMs = 1000, maxMs = 30_000, jitter = 0.2, random = Math.random } = options;
  return (failedAttempts) => {
    const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, failedAttempts - 1));
    const spread = base * jitter * (random() * 2 - 1);
    return Math.round(Math.min(maxMs, Math.max(0, base + spread)));
  };
}
