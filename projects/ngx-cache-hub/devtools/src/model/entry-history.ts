import type { HistoryRecord } from './inspector-state';
import { RingBuffer } from './ring-buffer';

/**
 * The last changes of each entry, capped per entry and in the number of entries: the least
 * recently changed entry's history goes first. Histories of entries the hub dropped are pruned,
 * so nothing is kept for keys the app released.
 */
export class EntryHistory {
  readonly #byKey = new Map<string, RingBuffer<HistoryRecord>>();

  constructor(
    private readonly maxPerKey: number,
    private readonly maxKeys: number,
  ) {}

  /** Adds a change of `key`. */
  record(key: string, record: HistoryRecord): void {
    let buffer = this.#byKey.get(key);
    if (buffer) this.#byKey.delete(key);
    else buffer = new RingBuffer<HistoryRecord>(this.maxPerKey);
    buffer.push(record);
    this.#byKey.set(key, buffer);
    if (this.#byKey.size > this.maxKeys) this.#byKey.delete(this.#byKey.keys().next().value as string);
  }

  /** The changes of `key`, newest first. */
  of(key: string): HistoryRecord[] {
    return this.#byKey.get(key)?.newest() ?? [];
  }

  /** Forgets the histories of keys the hub no longer holds. */
  prune(live: ReadonlySet<string>): void {
    for (const key of [...this.#byKey.keys()]) if (!live.has(key)) this.#byKey.delete(key);
  }

  /** How many entries have a history. */
  get size(): number {
    return this.#byKey.size;
  }

  clear(): void {
    this.#byKey.clear();
  }
}
