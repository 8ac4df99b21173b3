import type { BatcherStats, UpdateBatcher } from 'ngx-cache-hub/core';
import type { FlushRecord } from './inspector-state';
import { RingBuffer } from './ring-buffer';

/**
 * The batcher's last flushes, read from its counters: each turn in which the cache was written
 * (a flush runs in one turn) and each refresh compare the counters with the last look.
 */
export class FlushTracker {
  readonly #flushes: RingBuffer<FlushRecord>;
  #last: BatcherStats;
  #keys = new Set<string>();

  constructor(
    private readonly batcher: UpdateBatcher,
    capacity: number,
    private readonly now: () => number,
  ) {
    this.#flushes = new RingBuffer<FlushRecord>(capacity);
    this.#last = batcher.stats();
  }

  /** A key was written (maybe by a flush in progress). */
  wrote(key: string): void {
    if (this.#keys.size < 50) this.#keys.add(key);
  }

  /** Records the flushes since the last look, with the keys written meanwhile. */
  look(): void {
    const stats = this.batcher.stats();
    const last = this.#last;
    if (stats.flushes > last.flushes) {
      this.#flushes.push({
        at: this.now(),
        flushes: stats.flushes - last.flushes,
        framesIn: stats.framesIn - last.framesIn - stats.pending + last.pending,
        applied: stats.applied - last.applied,
        coalesced: stats.coalesced - last.coalesced,
        entriesChanged: stats.entriesChanged - last.entriesChanged,
        keys: [...this.#keys],
      });
    }
    this.#keys.clear();
    this.#last = stats;
  }

  /** The counters now and the last flushes, newest first. */
  state(): { stats: BatcherStats; flushes: FlushRecord[] } {
    return { stats: this.batcher.stats(), flushes: this.#flushes.newest() };
  }
}
