import type { BatchScheduler } from './batch-scheduler';
import { timerScheduler } from './timer-scheduler';

/** Options of {@link frameScheduler}; both frame functions are read from `globalThis` when omitted. */
export interface FrameSchedulerOptions {
  /** Requests a callback before the next paint. Default `globalThis.requestAnimationFrame`, looked up at each flush. */
  requestFrame?: (callback: () => void) => number;
  /** Cancels a requested frame. Default `globalThis.cancelAnimationFrame`. */
  cancelFrame?: (handle: number) => void;
  /**
   * How long (ms) to wait for a frame before flushing anyway: hidden tabs pause frames, and a
   * batch must never wait for the tab to come back. Default 100.
   */
  frameTimeoutMs?: number;
}

type FrameApi = { requestAnimationFrame?: (callback: () => void) => number; cancelAnimationFrame?: (handle: number) => void };

/**
 * A scheduler that flushes right before a paint: after the delay it waits for the next animation
 * frame, so the UI sees one change per frame. Without `requestAnimationFrame` (Node, SSR, workers)
 * it behaves like {@link timerScheduler}; nothing is read at import time.
 *
 * @example
 * new UpdateBatcher(hub, store, { scheduler: frameScheduler() });
 */
export function frameScheduler(options: FrameSchedulerOptions = {}): BatchScheduler {
  const timers = timerScheduler();
  const frameTimeoutMs = options.frameTimeoutMs ?? 100;
  return {
    now: timers.now,
    schedule(callback, delayMs) {
      const api = globalThis as FrameApi;
      const requestFrame = options.requestFrame ?? api.requestAnimationFrame?.bind(globalThis);
      if (!requestFrame) return timers.schedule(callback, delayMs);
      const cancelFrame = options.cancelFrame ?? api.cancelAnimationFrame?.bind(globalThis);
      let cancelPending = () => {};
      const run = () => {
        cancelPending();
        callback();
      };
      const awaitFrame = () => {
        const frame = requestFrame(run);
        const cancelFallback = timers.schedule(() => {
          cancelFrame?.(frame);
          callback();
        }, frameTimeoutMs);
        cancelPending = () => {
          cancelFrame?.(frame);
          cancelFallback();
        };
      };
      cancelPending = timers.schedule(awaitFrame, delayMs);
      return () => cancelPending();
    },
  };
}
