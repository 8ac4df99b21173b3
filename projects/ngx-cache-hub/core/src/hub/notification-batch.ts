import type { CacheEntry } from './cache-entry';

/**
 * Tells an entry's observers of a change now, or once at the end of the running transaction
 * (nested transactions end with the outermost). Each listener decides what to emit.
 */
export class NotificationBatch {
  #depth = 0;
  readonly #dirty = new Set<CacheEntry>();
  #time: number | undefined = undefined;
  /** The counting window: a transaction, or a flush of the batcher (`countFrom`). A key changed in it is counted once. */
  #serial = 1;
  /** Keys whose entry was removed in this window: an entry made again under one is not counted twice. */
  #removed: Set<string> | null = null;
  /** Entries changed so far (a removed value too), each key counted once per window (the batcher's stats read the difference). */
  changed = 0;
  /** The changed entries that were observed as they changed. */
  changedObserved = 0;

  /** Runs `fn`; entries notified inside are told once each, when the outermost run ends (also when `fn` throws). */
  run<R>(fn: () => R): R {
    this.#depth++;
    try {
      return fn();
    } finally {
      if (--this.#depth === 0) {
        this.#time = undefined;
        this.countFrom();
        this.#flush();
      }
    }
  }

  /** The time of a write: `now()`, read once per transaction (its writes are one change, made at one time). */
  time(now: () => number): number {
    return this.#depth > 0 ? (this.#time ??= now()) : now();
  }

  /** Tells the entry's listeners now, or at the end of the transaction; an entry nobody observes is skipped (a later observer reads its value as it subscribes). */
  notify(entry: CacheEntry): void {
    if (entry.listeners.size === 0) return;
    if (this.#depth > 0) this.#dirty.add(entry);
    else emit(entry);
  }

  /** Starts a new counting window. */
  countFrom(): void {
    this.#serial++;
    this.#removed = null;
  }

  /** Counts a write that changed the entry's value: once per key per window. */
  countChange(entry: CacheEntry): void {
    if (entry.changedIn === this.#serial) return;
    if (this.#depth > 0) {
      entry.changedIn = this.#serial;
      if (this.#removed?.has(entry.key)) return;
    }
    this.changed++;
    if (entry.listeners.size > 0) this.changedObserved++;
  }

  /** Counts the removal of an entry that held a value, as a change of its key. */
  countRemoval(entry: CacheEntry): void {
    if (entry.changedIn !== this.#serial && !this.#removed?.has(entry.key)) this.changed++;
    if (this.#depth > 0) (this.#removed ??= new Set()).add(entry.key);
  }

  /** Forgets a pending notification (the entry was removed). */
  forget(entry: CacheEntry): void {
    this.#dirty.delete(entry);
  }

  clear(): void {
    this.#dirty.clear();
  }

  #flush(): void {
    while (this.#dirty.size > 0) {
      const batch = [...this.#dirty];
      this.#dirty.clear();
      for (const entry of batch) emit(entry);
    }
  }
}

function emit(entry: CacheEntry): void {
  for (const listener of entry.listeners) listener();
}
