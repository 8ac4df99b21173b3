import type { BatchScheduler } from './batch-scheduler';

/** The longest delay setTimeout takes (about 24.8 days). */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * A scheduler on `setTimeout` and `Date.now`, looked up when called so that fake timers and
 * server runtimes work. The default of `BatchingOptions.scheduler`.
 */
export function timerScheduler(): BatchScheduler {
  return {
    now: () => Date.now(),
    schedule(callback, delayMs) {
      // Past 2^31 − 1 ms setTimeout fires at once; the batcher re-arms when a timer fires early.
      const handle = setTimeout(callback, Math.min(delayMs, MAX_TIMEOUT_MS));
      return () => clearTimeout(handle);
    },
  };
}
