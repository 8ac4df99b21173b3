import { exponentialBackoff } from '../hub/retry-delay';

/** How the client waits between reconnect attempts. */
export interface ReconnectOptions {
  /** The cap of the first delay. Default `1000` ms. */
  readonly initialDelayMs: number;
  /** No delay is ever longer than this. Default `30000` ms. */
  readonly maxDelayMs: number;
  /** How much the cap grows per failed attempt. Default `2`. */
  readonly factor: number;
}

/** The defaults of {@link ReconnectOptions}. */
export const DEFAULT_RECONNECT_OPTIONS: ReconnectOptions = { initialDelayMs: 1000, maxDelayMs: 30_000, factor: 2 };

/**
 * Exponential backoff with full jitter: a random delay between 0 and
 * `min(maxDelayMs, initialDelayMs * factor ^ attempt)`, so that clients dropped together
 * do not reconnect together. `attempt` counts from 0; `random` returns a number in [0, 1).
 */
export function backoffDelay(attempt: number, options: ReconnectOptions, random: () => number = Math.random): number {
  const { initialDelayMs: baseMs, maxDelayMs: maxMs, factor } = options;
  return exponentialBackoff({ baseMs, maxMs, factor, jitter: 'full', random })(attempt, undefined);
}
