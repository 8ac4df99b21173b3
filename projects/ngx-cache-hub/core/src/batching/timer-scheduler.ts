import type { BatchScheduler } from './batch-scheduler';

/**
 * A scheduler on `setTimeout` and `Date.now`, looked up when called so that fake timers and
 * server runtimes work. The default of `BatchingOptions.scheduler`.
 */
export function timerScheduler(): BatchScheduler {
  return {
    now: () => Date.now(),
    schedule(callback, delayMs) {
      const handle = setTimeout(callback, delayMs);
      return () => clearTimeout(handle);
    },
  };
}
