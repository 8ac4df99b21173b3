/** The middle value (mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Milliseconds `fn` took, including the promise it returns. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs a full collection (twice, so finalizers' garbage goes too). Needs `--expose-gc`. */
function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench: run node with --expose-gc (npm run bench re-spawns itself with it)');
  gc();
  gc();
}

/**
 * Heap in use once it stops shrinking between full collections, in bytes. Lets the event loop run
 * between collections: pending timers (TanStack delivers notifications with setTimeout 0) and
 * finalization callbacks hold on to memory until they run.
 */
export async function settledHeap(): Promise<number> {
  let previous = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 10; round++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    collectGarbage();
    const used = process.memoryUsage().heapUsed;
    if (Math.abs(previous - used) < 16 * 1024) return used;
    previous = used;
  }
  return previous;
}
