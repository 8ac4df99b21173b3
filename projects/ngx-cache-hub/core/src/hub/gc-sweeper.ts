import type { ResolvedCacheHubOptions } from './cache-hub-options';

const SWEEP_FLOOR_MS = 1000;

/**
 * Runs the hub's garbage collection every min(gcTime, ttl) ms (at least every second) while there
 * are entries; the timer never keeps a Node process alive.
 */
export class GcSweeper {
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly options: ResolvedCacheHubOptions,
    private readonly sweep: () => void,
  ) {}

  /** Makes sure a sweep is due (nothing to do when one is, or when gcTime and ttl are infinite). */
  schedule(): void {
    if (this.#timer) return;
    const interval = Math.max(SWEEP_FLOOR_MS, Math.min(this.options.gcTime, this.options.ttl));
    if (!Number.isFinite(interval)) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.sweep();
    }, interval);
    (this.#timer as { unref?: () => void }).unref?.();
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
