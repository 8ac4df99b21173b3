/**
 * Decides when a pending flush runs. The batcher asks for one callback at a time and cancels it
 * when it flushes earlier; `now` is the clock the flush deadlines are measured with.
 */
export interface BatchScheduler {
  /** The current time in ms. */
  now(): number;
  /** Runs `callback` once, `delayMs` from now or at the first convenient moment after. Returns a function that cancels it. */
  schedule(callback: () => void, delayMs: number): () => void;
}
