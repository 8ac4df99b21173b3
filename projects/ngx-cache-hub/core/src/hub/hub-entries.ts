import { CacheEntry } from './cache-entry';
import type { ResolvedCacheHubOptions } from './cache-hub-options';
import { EntryTable } from './entry-table';
import { type FetchHooks, startFetch } from './fetch-runner';
import { isExpired } from './freshness-rules';
import { GcSweeper } from './gc-sweeper';
import type { NotificationBatch } from './notification-batch';
import type { PluginChain } from './plugin-chain';

/**
 * The life of the hub's entries: created on first use, written through the plugins, observed,
 * evicted least recently used first beyond maxEntries (never while observed or fetching), and
 * collected by the gc sweep. Internal to `CacheHub`.
 */
export class HubEntries {
  readonly table = new EntryTable();
  readonly hooks: FetchHooks;
  /** Entries with a value evicted or collected so far. */
  evictions = 0;
  readonly #sweeper: GcSweeper;

  constructor(
    private readonly options: ResolvedCacheHubOptions,
    private readonly plugins: PluginChain,
    /** Also counts changes, for the batcher's stats. */
    readonly batch: NotificationBatch,
    tick: () => number,
  ) {
    this.#sweeper = new GcSweeper(options, () => this.sweep());
    this.hooks = {
      write: (entry, value, startedAt) => this.write(entry, value, startedAt),
      notify: (entry) => batch.notify(entry),
      settled: (entry) => plugins.fetchSettled(entry.key),
      tick,
    };
  }

  /** Starts the entry's request from its recorded source unless one is in flight. */
  fetch(entry: CacheEntry): void {
    startFetch(entry, this.options, this.hooks);
  }

  /** Cancels requests and the sweep and forgets every entry. */
  clear(): void {
    for (const entry of this.table.values()) entry.inFlight?.unsubscribe();
    this.table.clear();
    this.#sweeper.cancel();
  }

  /** The entry under `key`, created (and the sweep scheduled) when there is none. */
  ensure(key: string): CacheEntry {
    let entry = this.table.get(key);
    if (!entry) {
      entry = new CacheEntry(key);
      entry.unobservedSince = this.options.now();
      this.view(entry);
      this.table.add(entry);
      this.#sweeper.schedule();
    }
    return entry;
  }

  /** The entry under key unless it expired; an expired unobserved entry is dropped. */
  live(key: string): CacheEntry | undefined {
    const entry = this.table.get(key);
    if (entry && entry.listeners.size === 0 && isExpired(entry, this.options)) {
      this.evict(entry);
      return undefined;
    }
    return entry;
  }

  write(entry: CacheEntry, value: unknown, fetchStartedAt?: number): void {
    const previous = entry.base;
    value = this.plugins.beforeWrite(value, { key: entry.key, previous, fetchStartedAt });
    entry.base = value;
    if (value !== previous) this.batch.countChange(entry);
    entry.updatedAt = this.batch.time(this.options.now);
    entry.invalidated = false;
    entry.error = null;
    if (entry.listeners.size === 0) entry.unobservedSince = entry.updatedAt;
    if (value === undefined && previous !== undefined) this.plugins.afterRemove(entry.key, previous);
    this.refresh(entry);
    // LRU order only matters for entries nobody observes: observed ones are never evicted.
    if (entry.listeners.size === 0) this.table.touch(entry);
    this.evictOverflow(entry);
  }

  refresh(entry: CacheEntry): void {
    this.view(entry);
    this.batch.notify(entry);
  }

  /** Computes what readers see: base through every plugin's view. */
  view(entry: CacheEntry): void {
    entry.value = this.plugins.view(entry.key, entry.base);
    entry.hasValue = entry.value !== undefined;
  }

  remove(entry: CacheEntry): void {
    if (!this.table.delete(entry)) return;
    entry.inFlight?.unsubscribe();
    entry.inFlight = null;
    this.batch.forget(entry);
    if (entry.base === undefined) return;
    this.batch.countRemoval(entry);
    this.plugins.afterRemove(entry.key, entry.base);
  }

  /** Marks `entries` stale: observed ones refetch (after a request in flight when `refetch`), the others are dropped. Call inside a transaction. */
  invalidate(entries: readonly CacheEntry[], refetch: boolean): void {
    for (const entry of entries) {
      if (entry.listeners.size === 0) {
        this.remove(entry);
        continue;
      }
      entry.invalidated = true;
      if (refetch && entry.inFlight) entry.refetchQueued = true;
      else if (refetch) this.fetch(entry);
      this.batch.notify(entry);
    }
  }

  evict(entry: CacheEntry): void {
    if (entry.hasValue) this.evictions++;
    this.remove(entry);
  }

  /** Over maxEntries: evicts least recently used entries nobody observes or fetches, never `written`. */
  evictOverflow(written: CacheEntry | null): void {
    if (this.table.size <= this.options.maxEntries) return;
    for (const entry of this.table.values()) {
      if (this.table.size <= this.options.maxEntries) return;
      if (entry !== written && entry.listeners.size === 0 && !entry.inFlight) this.evict(entry);
    }
  }

  observe(entry: CacheEntry, listener: () => void): void {
    if (entry.addListener(listener) === 1) this.plugins.observedChanged(entry.key, true);
  }

  unobserve(entry: CacheEntry, listener: () => void): void {
    // An entry the hub dropped (destroy) is no longer its concern: nothing to tell or evict.
    if (entry.removeListener(listener) > 0 || this.table.get(entry.key) !== entry) return;
    this.plugins.observedChanged(entry.key, false);
    entry.unobservedSince = this.options.now();
    this.table.touch(entry);
    if (!entry.hasValue && !entry.inFlight) this.remove(entry);
    else {
      this.evictOverflow(null);
      this.#sweeper.schedule();
    }
  }

  /** Drops unobserved entries past gcTime or ttl; observed expired ones refetch. */
  sweep(): void {
    const now = this.options.now();
    this.batch.run(() => {
      for (const entry of [...this.table.values()]) {
        if (entry.listeners.size === 0) {
          if (now - entry.unobservedSince >= this.options.gcTime || isExpired(entry, this.options)) this.evict(entry);
        } else if (isExpired(entry, this.options)) {
          this.fetch(entry);
        }
      }
    });
    if (this.table.size > 0) this.#sweeper.schedule();
  }
}
