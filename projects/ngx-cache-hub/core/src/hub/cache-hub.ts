import { defer, Observable } from 'rxjs';
import type { CacheEntryState } from './cache-entry-state';
import { NO_POLICY } from './cache-entry';
import { CacheHubOptions, FetchPolicy, InvalidateOptions, resolveCacheHubOptions, ResolvedCacheHubOptions, SetOptions } from './cache-hub-options';
import type { CacheHubPlugin } from './cache-hub-plugin';
import { assertValidKey, namespaceOf } from './cache-key';
import { cacheStats, type CacheStats } from './cache-stats';
import { type EntrySnapshot, snapshotOf } from './entry-snapshot';
import { type FetchSource, toFactory } from './fetch-source';
import { isStale, stateOf } from './freshness-rules';
import { HubEntries } from './hub-entries';
import type { EntryTable } from './entry-table';
import { compileKeyPattern, KeyMatcher, KeyPattern } from './key-pattern';
import { NotificationBatch } from './notification-batch';
import { PluginChain } from './plugin-chain';

export type { FetchSource } from './fetch-source';
export type { InvalidateOptions, SetOptions } from './cache-hub-options';

/** What a watcher has "emitted" before its first emission: equal to no value. */
const NOT_EMITTED = {};

/**
 * The cache: keyed entries with namespaces, pattern invalidation, stale/TTL/gc, LRU and stats.
 * Framework-free; in Angular apps inject `CacheHubService`, the app-facing view of this class.
 *
 * Keys look like `customers:detail-42`: the namespace is the text before the first ':'.
 * `undefined` means "no value"; store `null` for an explicit empty value.
 *
 * @example
 * const hub = new CacheHub({ maxEntries: 500 });
 * hub.fetch('customers:detail-42', () => http.get('/api/customers/42')).subscribe(render);
 * hub.invalidate(/^customers:list-/);
 */
export class CacheHub {
  readonly #options: ResolvedCacheHubOptions;
  readonly #plugins = new PluginChain();
  readonly #batch = new NotificationBatch();
  readonly #life: HubEntries;
  readonly #entries: EntryTable;
  #ticks = 0;
  #hits = 0;
  #misses = 0;

  constructor(options: CacheHubOptions = {}) {
    this.#options = resolveCacheHubOptions(options);
    this.#life = new HubEntries(this.#options, this.#plugins, this.#batch, () => this.logicalTime());
    this.#entries = this.#life.table;
  }

  /** The value under `key` (as plugin views show it: optimistic layers applied), or undefined. Counts a hit or a miss. */
  getValue<T>(key: string): T | undefined {
    assertValidKey(key);
    const entry = this.#life.live(key);
    if (entry?.hasValue) {
      this.#hits++;
      this.#entries.touch(entry);
      return entry.value as T;
    }
    this.#misses++;
    return undefined;
  }

  /** The server-state value under `key` (no plugin views), without counting a hit or touching LRU order. */
  peek<T>(key: string): T | undefined {
    return this.#entries.get(key)?.base as T | undefined;
  }

  /** An Observable that emits the current value once and completes. */
  get<T>(key: string): Observable<T | undefined> {
    return defer(() => [this.getValue<T>(key)]);
  }

  /** Whether `key` holds a live value. */
  has(key: string): boolean {
    assertValidKey(key);
    return this.#life.live(key)?.hasValue === true;
  }

  /** Writes `value` (server state) under `key`; `undefined` deletes it. Observers are notified. */
  set<T>(key: string, value: T, options?: SetOptions): void {
    assertValidKey(key);
    if (value === undefined) {
      this.delete(key);
      return;
    }
    const entry = this.#life.ensure(key);
    if (options?.ttl !== undefined) entry.ttl = options.ttl;
    this.#life.write(entry, value);
  }

  /** Writes `fn(current)` under `key` and returns it. */
  update<T>(key: string, fn: (current: T | undefined) => T): T {
    assertValidKey(key);
    const entry = this.#life.ensure(key);
    const next = fn(entry.base as T | undefined);
    this.#life.write(entry, next);
    return next;
  }

  /** Removes the value under `key`; observers see `undefined`. Returns whether there was one. */
  delete(key: string): boolean {
    assertValidKey(key);
    const entry = this.#entries.get(key);
    if (!entry) return false;
    const had = entry.hasValue;
    if (entry.listeners.size > 0) this.#life.write(entry, undefined);
    else this.#life.remove(entry);
    return had;
  }

  /** Removes every entry; observers see `undefined`. */
  clear(): void {
    this.transaction(() => {
      for (const entry of [...this.#entries.values()]) this.delete(entry.key);
    });
  }

  /** Keys that hold a value and match `pattern` (all keys without one). */
  keys(pattern?: KeyPattern): string[] {
    return this.keysMatching(pattern === undefined ? undefined : compileKeyPattern(pattern));
  }

  /**
   * Marks matching entries stale. Observed entries that were fetched refetch (their value stays
   * until the new one lands); unobserved ones are dropped. Returns how many entries matched.
   */
  invalidate(pattern: KeyPattern, options: InvalidateOptions = {}): number {
    return this.invalidateMatching(compileKeyPattern(pattern), options);
  }

  /** Emits the current value (undefined when none) and every change of it, by reference. */
  watch<T>(key: string): Observable<T | undefined> {
    assertValidKey(key);
    return new Observable<T | undefined>((subscriber) => {
      const entry = this.#life.ensure(key);
      let last: unknown = NOT_EMITTED;
      const listener = () => {
        if (entry.value !== last) subscriber.next((last = entry.value) as T | undefined);
      };
      this.#life.observe(entry, listener);
      listener();
      return () => this.#life.unobserve(entry, listener);
    });
  }

  /** Emits the entry's state (value, isFetching, isStale, error, updatedAt) now and on every change. */
  watchState<T>(key: string): Observable<CacheEntryState<T>> {
    assertValidKey(key);
    return new Observable<CacheEntryState<T>>((subscriber) => {
      const entry = this.#life.ensure(key);
      const listener = () => subscriber.next(stateOf<T>(entry, this.#options));
      this.#life.observe(entry, listener);
      listener();
      return () => this.#life.unobserve(entry, listener);
    });
  }

  /**
   * Observes `key`, fetching it from `source` when there is no fresh value. Callers of one key
   * share one in-flight request; a stale value is emitted first and the fresh one when it lands
   * (stale-while-revalidate); later changes (real-time updates, sets) are emitted too. A request
   * error reaches the subscribers as an error and leaves the cached value as it was.
   *
   * @example hub.fetch('customers:detail-42', () => http.get<Customer>('/api/customers/42'), { staleTime: 30_000 })
   */
  fetch<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy): Observable<T> {
    assertValidKey(key);
    return new Observable<T>((subscriber) => {
      const entry = this.#life.ensure(key);
      entry.source = toFactory(source);
      const namespaced = this.#options.namespaces[namespaceOf(key) ?? ''];
      // Most entries have no policy of their own: they share the empty one.
      entry.policy = policy || namespaced ? { ...namespaced, ...policy } : NO_POLICY;
      let last: unknown;
      const listener = () => {
        if (entry.value !== last && (last = entry.value) !== undefined) subscriber.next(last as T);
      };
      const onError = (error: unknown) => subscriber.error(error);
      this.#life.observe(entry, listener);
      listener();
      if (!isStale(entry, this.#options)) {
        this.#hits++;
      } else {
        this.#misses++;
        (entry.fetchWaiters ??= new Set()).add(onError);
        this.#life.fetch(entry);
      }
      return () => {
        entry.fetchWaiters?.delete(onError);
        this.#life.unobserve(entry, listener);
      };
    });
  }

  /** Whether anything subscribes to `key` (watch, watchState or fetch). */
  isObserved(key: string): boolean {
    return !!this.#entries.get(key)?.listeners.size;
  }

  /** Whether `key` is stale: no value, invalidated, past its staleTime or expired. */
  isStale(key: string): boolean {
    const entry = this.#entries.get(key);
    return !entry || isStale(entry, this.#options);
  }

  /**
   * The fetch policy of an observed entry that has a source (its fetch's, over its namespace's,
   * over the hub's); undefined for any other key. The refetch scheduler reads it.
   */
  policyOf(key: string): FetchPolicy | undefined {
    const entry = this.#entries.get(key);
    return entry?.source && entry.listeners.size > 0 ? { ...this.#options, ...entry.policy } : undefined;
  }

  /** Refetches `key` from its recorded source now (shares a request already in flight). */
  refetch(key: string): void {
    assertValidKey(key);
    const entry = this.#entries.get(key);
    if (entry) this.#life.fetch(entry);
  }

  /** Runs `fn`; observers of keys written inside get one notification each, at the end. */
  transaction<R>(fn: () => R): R {
    return this.#batch.run(fn);
  }

  /** Counters since the hub was created. */
  stats(): CacheStats {
    return cacheStats(this.#hits, this.#misses, this.#life.evictions, this.#entries.values());
  }

  /**
   * Every entry (also those without a value), least recently used first, for inspectors such as
   * `ngx-cache-hub/devtools`. Reading counts no hit or miss, leaves LRU order as it is and
   * observes nothing, so an inspector never keeps an entry alive. Costs nothing until called.
   */
  inspect(): EntrySnapshot[] {
    return [...this.#entries.values()].map((entry) => snapshotOf(entry, this.#options));
  }

  /** Cancels requests and timers and drops every entry and what plugins keep for them. The hub stays usable. */
  destroy(): void {
    this.#plugins.destroyed();
    this.#life.clear();
    this.#batch.clear();
  }

  // ---- extension points (used by the entity store and the batching layer) ----

  /**
   * Adds a plugin that sees every write and removal; it hears `observedChanged` at once for the
   * entries observed already. Returns a function that removes it.
   */
  registerPlugin(plugin: CacheHubPlugin): () => void {
    const remove = this.#plugins.add(plugin);
    for (const entry of this.#entries.values()) if (entry.listeners.size) plugin.observedChanged?.(entry.key, true);
    return remove;
  }

  /** @internal The entity store's access to the entries it indexes: its own writes skip `set`'s key check and lookup. */
  entries(): HubEntries {
    return this.#life;
  }

  /** Recomputes what readers see of `keys` after a plugin's view of them changed; observers hear once. */
  recompute(keys: readonly string[]): void {
    this.transaction(() => {
      for (const key of keys) {
        const entry = this.#entries.get(key);
        if (entry) this.#life.refresh(entry);
        else if (this.#plugins.view(key, undefined) !== undefined) this.#life.ensure(key);
      }
    });
  }

  /** A logical clock that advances on every fetch start and on every call. */
  logicalTime(): number {
    return ++this.#ticks;
  }

  /** Keys in `namespace`, without a pattern scan. */
  keysInNamespace(namespace: string): ReadonlySet<string> {
    return this.#entries.keysIn(namespace);
  }

  /** Matching by a compiled matcher (every key without one); namespace views use this. */
  keysMatching(matcher: KeyMatcher | undefined): string[] {
    return this.#entries.matching(matcher).flatMap((entry) => (entry.hasValue ? [entry.key] : []));
  }

  /** Invalidation by a compiled matcher; namespace views use this. */
  invalidateMatching(matcher: KeyMatcher, { refetch = true }: InvalidateOptions = {}): number {
    const matched = this.#entries.matching(matcher);
    this.transaction(() => this.#life.invalidate(matched, refetch));
    return matched.length;
  }
}
