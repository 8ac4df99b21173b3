import { defer, from, isObservable, Observable, retry, throwError, timer } from 'rxjs';
import { CacheEntry } from './cache-entry';
import type { CacheEntryState } from './cache-entry-state';
import { CacheHubError, type CacheHubErrorCode } from './cache-hub-error';
import { CacheHubOptions, FetchPolicy, resolveCacheHubOptions, ResolvedCacheHubOptions, shouldRetry } from './cache-hub-options';
import type { CacheHubPlugin } from './cache-hub-plugin';
import { assertValidKey, namespaceOf } from './cache-key';
import type { CacheStats } from './cache-stats';
import { compileKeyPattern, KeyMatcher, KeyPattern } from './key-pattern';
import { NamespaceIndex } from './namespace-index';

/** Set to false by production builds (Angular CLI), which drops the dev-only code it guards. */
declare const ngDevMode: boolean | undefined;

/** Where a fetch gets its value: an Observable, or a function returning an Observable or a Promise. */
export type FetchSource<T> = Observable<T> | (() => Observable<T> | Promise<T>);

/** Options of {@link CacheHub.set}. */
export interface SetOptions {
  /** This entry's ttl in ms, instead of the hub's. */
  ttl?: number;
}

/** Options of {@link CacheHub.invalidate}. */
export interface InvalidateOptions {
  /** Refetch observed entries that have a source. Default true. */
  refetch?: boolean;
}

const SWEEP_FLOOR_MS = 1000;
/** What a watcher has "emitted" before its first emission: equal to no value. */
const NOT_EMITTED = {};

/**
 * The cache: keyed entries with namespaces, pattern invalidation, stale/TTL/gc, LRU and stats.
 * Framework-free; in Angular apps inject `CacheHubService`, which is this class.
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
  readonly #entries = new Map<string, CacheEntry>();
  readonly #namespaces = new NamespaceIndex();
  readonly #plugins: CacheHubPlugin[] = [];
  readonly #dirty = new Set<CacheEntry>();
  #transactionDepth = 0;
  #sweepTimer: ReturnType<typeof setTimeout> | null = null;
  #ticks = 0;
  #hits = 0;
  #misses = 0;
  #evictions = 0;

  constructor(options: CacheHubOptions = {}) {
    this.#options = resolveCacheHubOptions(options);
  }

  /** The value under `key` (as plugin views show it: optimistic layers applied), or undefined. Counts a hit or a miss. */
  getValue<T>(key: string): T | undefined {
    assertValidKey(key);
    const entry = this.#liveEntry(key);
    if (entry?.hasValue) {
      this.#hits++;
      this.#touch(entry);
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
    return this.#liveEntry(key)?.hasValue === true;
  }

  /** Writes `value` (server state) under `key`; `undefined` deletes it. Observers are notified. */
  set<T>(key: string, value: T, options: SetOptions = {}): void {
    assertValidKey(key);
    if (value === undefined) {
      this.delete(key);
      return;
    }
    const entry = this.#ensureEntry(key);
    if (options.ttl !== undefined) entry.ttl = options.ttl;
    this.#writeBase(entry, value);
  }

  /** Writes `fn(current)` under `key` and returns it. */
  update<T>(key: string, fn: (current: T | undefined) => T): T {
    assertValidKey(key);
    const entry = this.#ensureEntry(key);
    const next = fn(entry.base as T | undefined);
    this.#writeBase(entry, next);
    return next;
  }

  /** Removes the value under `key`; observers see `undefined`. Returns whether there was one. */
  delete(key: string): boolean {
    assertValidKey(key);
    const entry = this.#entries.get(key);
    if (!entry) return false;
    const had = entry.hasValue;
    if (entry.listeners.size > 0) this.#writeBase(entry, undefined);
    else this.#remove(entry);
    return had;
  }

  /** Removes every entry; observers see `undefined`. */
  clear(): void {
    this.transaction(() => {
      for (const key of [...this.#entries.keys()]) this.delete(key);
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
      const entry = this.#ensureEntry(key);
      let last: unknown = NOT_EMITTED;
      const listener = () => {
        if (entry.value !== last) subscriber.next((last = entry.value) as T | undefined);
      };
      this.#observe(entry, listener);
      listener();
      return () => this.#unobserve(entry, listener);
    });
  }

  /** Emits the entry's state (value, isFetching, isStale, error, updatedAt) now and on every change. */
  watchState<T>(key: string): Observable<CacheEntryState<T>> {
    assertValidKey(key);
    return new Observable<CacheEntryState<T>>((subscriber) => {
      const entry = this.#ensureEntry(key);
      const listener = () => subscriber.next(this.#stateOf<T>(entry));
      this.#observe(entry, listener);
      listener();
      return () => this.#unobserve(entry, listener);
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
  fetch<T>(key: string, source: FetchSource<T>, policy: FetchPolicy = {}): Observable<T> {
    assertValidKey(key);
    return new Observable<T>((subscriber) => {
      const entry = this.#ensureEntry(key);
      entry.source = toFactory(source);
      entry.policy = { ...this.#options.namespaces[namespaceOf(key) ?? ''], ...policy };
      let last: unknown;
      const listener = () => {
        if (entry.value !== last && (last = entry.value) !== undefined) subscriber.next(last as T);
      };
      const onError = (error: unknown) => subscriber.error(error);
      this.#observe(entry, listener);
      listener();
      if (!this.#isStale(entry)) {
        this.#hits++;
      } else {
        this.#misses++;
        (entry.fetchWaiters ??= new Set()).add(onError);
        this.#startFetch(entry);
      }
      return () => {
        entry.fetchWaiters?.delete(onError);
        this.#unobserve(entry, listener);
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
    return !entry || this.#isStale(entry);
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
    if (entry?.source) this.#startFetch(entry);
  }

  /** Runs `fn`; observers of keys written inside get one notification each, at the end. */
  transaction<R>(fn: () => R): R {
    this.#transactionDepth++;
    try {
      return fn();
    } finally {
      if (--this.#transactionDepth === 0) this.#flushDirty();
    }
  }

  /** Counters since the hub was created. */
  stats(): CacheStats {
    const hits = this.#hits;
    const misses = this.#misses;
    let entries = 0;
    let inFlight = 0;
    for (const entry of this.#entries.values()) {
      if (entry.hasValue) entries++;
      if (entry.inFlight) inFlight++;
    }
    return { hits, misses, hitRate: hits / (hits + misses) || 0, evictions: this.#evictions, entries, inFlight };
  }

  /** Cancels requests and timers and drops every entry and what plugins keep for them. The hub stays usable. */
  destroy(): void {
    for (const plugin of this.#plugins) plugin.destroyed?.();
    for (const entry of this.#entries.values()) entry.inFlight?.unsubscribe();
    this.#entries.clear();
    this.#namespaces.clear();
    this.#dirty.clear();
    if (this.#sweepTimer) clearTimeout(this.#sweepTimer);
    this.#sweepTimer = null;
  }

  // ---- extension points (used by the entity store and the batching layer) ----

  /**
   * Adds a plugin that sees every write and removal; it hears `observedChanged` at once for the
   * entries observed already. Returns a function that removes it.
   */
  registerPlugin(plugin: CacheHubPlugin): () => void {
    this.#plugins.push(plugin);
    for (const entry of this.#entries.values()) if (entry.listeners.size) plugin.observedChanged?.(entry.key, true);
    return () => this.#plugins.splice(this.#plugins.indexOf(plugin), 1);
  }

  /** Recomputes what readers see of `keys` after a plugin's view of them changed; observers hear once. */
  recompute(keys: readonly string[]): void {
    this.transaction(() => {
      for (const key of keys) {
        const entry = this.#entries.get(key);
        if (entry) this.#refresh(entry);
        else if (this.#viewOf(key, undefined) !== undefined) this.#ensureEntry(key);
      }
    });
  }

  /** A logical clock that advances on every fetch start and on every call. */
  logicalTime(): number {
    return ++this.#ticks;
  }

  /** Keys in `namespace` that hold a value, without a pattern scan. */
  keysInNamespace(namespace: string): ReadonlySet<string> {
    return this.#namespaces.keysIn(namespace);
  }

  /** Matching by a compiled matcher (every key without one); namespace views use this. */
  keysMatching(matcher: KeyMatcher | undefined): string[] {
    return this.#matching(matcher).filter((entry) => entry.hasValue).map((entry) => entry.key);
  }

  /** Invalidation by a compiled matcher; namespace views use this. */
  invalidateMatching(matcher: KeyMatcher, { refetch = true }: InvalidateOptions = {}): number {
    const matched = this.#matching(matcher);
    this.transaction(() => {
      for (const entry of matched) {
        if (entry.listeners.size === 0) {
          this.#remove(entry);
          continue;
        }
        entry.invalidated = true;
        if (refetch && entry.inFlight) entry.refetchQueued = true;
        else if (refetch) this.#startFetch(entry);
        this.#notify(entry);
      }
    });
    return matched.length;
  }

  // ---- internals ----

  #matching(matcher: KeyMatcher | undefined): CacheEntry[] {
    if (!matcher) return [...this.#entries.values()];
    if (matcher.exact !== undefined) {
      const entry = this.#entries.get(matcher.exact);
      return entry ? [entry] : [];
    }
    const candidates = matcher.namespace !== undefined ? this.#namespaces.keysIn(matcher.namespace) : this.#entries.keys();
    const result: CacheEntry[] = [];
    for (const key of candidates) if (matcher.test(key)) result.push(this.#entries.get(key)!);
    return result;
  }

  #ensureEntry(key: string): CacheEntry {
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = new CacheEntry(key);
      entry.unobservedSince = this.#options.now();
      this.#view(entry);
      this.#entries.set(key, entry);
      this.#namespaces.add(key);
      this.#scheduleSweep();
    }
    return entry;
  }

  /** The entry under key unless it expired; an expired unobserved entry is dropped. */
  #liveEntry(key: string): CacheEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry && entry.listeners.size === 0 && this.#isExpired(entry)) {
      this.#evict(entry);
      return undefined;
    }
    return entry;
  }

  #writeBase(entry: CacheEntry, value: unknown, fetchStartedAt?: number): void {
    const previous = entry.base;
    for (const plugin of this.#plugins) {
      if (plugin.beforeWrite) value = plugin.beforeWrite(value, { key: entry.key, previous, fetchStartedAt });
    }
    entry.base = value;
    entry.updatedAt = this.#options.now();
    entry.invalidated = false;
    entry.error = null;
    if (entry.listeners.size === 0) entry.unobservedSince = entry.updatedAt;
    if (value === undefined && previous !== undefined) {
      for (const plugin of this.#plugins) plugin.afterRemove?.(entry.key, previous);
    }
    this.#refresh(entry);
    // LRU order only matters for entries nobody observes: observed ones are never evicted.
    if (entry.listeners.size === 0) this.#touch(entry);
    if (this.#entries.size > this.#options.maxEntries) this.#evictLeastRecentlyUsed(entry);
  }

  #refresh(entry: CacheEntry): void {
    this.#view(entry);
    this.#notify(entry);
  }

  /** Computes what readers see: base through every plugin's view. */
  #view(entry: CacheEntry): void {
    entry.value = this.#viewOf(entry.key, entry.base);
    entry.hasValue = entry.value !== undefined;
  }

  #viewOf(key: string, value: unknown): unknown {
    for (const plugin of this.#plugins) if (plugin.view) value = plugin.view(key, value);
    return value;
  }

  #remove(entry: CacheEntry): void {
    if (this.#entries.get(entry.key) !== entry) return;
    entry.inFlight?.unsubscribe();
    entry.inFlight = null;
    this.#entries.delete(entry.key);
    this.#namespaces.remove(entry.key);
    this.#dirty.delete(entry);
    if (entry.base !== undefined) for (const plugin of this.#plugins) plugin.afterRemove?.(entry.key, entry.base);
  }

  #evict(entry: CacheEntry): void {
    if (entry.hasValue) this.#evictions++;
    this.#remove(entry);
  }

  #evictLeastRecentlyUsed(written: CacheEntry | null): void {
    for (const entry of this.#entries.values()) {
      if (this.#entries.size <= this.#options.maxEntries) return;
      if (entry !== written && entry.listeners.size === 0 && !entry.inFlight) this.#evict(entry);
    }
  }

  /** Moves an entry to the most-recently-used end. */
  #touch(entry: CacheEntry): void {
    this.#entries.delete(entry.key);
    this.#entries.set(entry.key, entry);
  }

  #isExpired(entry: CacheEntry): boolean {
    return entry.hasValue && this.#options.now() - entry.updatedAt >= (entry.ttl ?? this.#options.ttl);
  }

  /** No value, invalidated, past its staleTime or expired. */
  #isStale(entry: CacheEntry): boolean {
    const staleTime = entry.policy.staleTime ?? this.#options.staleTime;
    return !entry.hasValue || entry.invalidated || this.#options.now() - entry.updatedAt >= staleTime || this.#isExpired(entry);
  }

  #stateOf<T>(entry: CacheEntry): CacheEntryState<T> {
    return {
      value: entry.value as T | undefined,
      hasValue: entry.hasValue,
      isFetching: entry.inFlight !== null,
      isStale: this.#isStale(entry),
      error: entry.error,
      updatedAt: entry.hasValue ? entry.updatedAt : null,
    };
  }

  #startFetch(entry: CacheEntry): void {
    if (entry.inFlight || !entry.source) return;
    const source = entry.source;
    const retryPolicy = entry.policy.retry ?? this.#options.retry;
    const retryDelay = entry.policy.retryDelay ?? this.#options.retryDelay;
    const startedAt = this.logicalTime();
    const request = defer(source).pipe(
      retry({
        delay: (error, failureCount) =>
          shouldRetry(retryPolicy, failureCount, error) ? timer(retryDelay(failureCount - 1, error)) : throwError(() => error),
      }),
    );
    let done = false;
    const subscription = request.subscribe({
      next: (value) => this.#writeBase(entry, value, startedAt),
      error: (error) => {
        done = true;
        entry.inFlight = null;
        entry.error = error;
        const waiters = [...(entry.fetchWaiters ?? [])];
        entry.fetchWaiters = null;
        this.#notify(entry);
        waiters.forEach((waiter) => waiter(error));
        this.#settled(entry);
      },
      complete: () => {
        done = true;
        entry.inFlight = null;
        entry.fetchWaiters = null;
        this.#notify(entry);
        this.#settled(entry);
      },
    });
    if (!done) {
      entry.inFlight = subscription;
      this.#notify(entry);
    }
  }

  #settled(entry: CacheEntry): void {
    for (const plugin of this.#plugins) plugin.fetchSettled?.(entry.key);
    // Invalidated while in flight: the answer may be from before the invalidation.
    if (entry.refetchQueued) {
      entry.refetchQueued = false;
      this.#startFetch(entry);
    }
  }

  #observe(entry: CacheEntry, listener: () => void): void {
    entry.listeners.add(listener);
    if (entry.listeners.size === 1) for (const plugin of this.#plugins) plugin.observedChanged?.(entry.key, true);
  }

  #unobserve(entry: CacheEntry, listener: () => void): void {
    entry.listeners.delete(listener);
    if (entry.listeners.size > 0) return;
    for (const plugin of this.#plugins) plugin.observedChanged?.(entry.key, false);
    entry.unobservedSince = this.#options.now();
    this.#touch(entry);
    if (!entry.hasValue && !entry.inFlight) this.#remove(entry);
    else {
      if (this.#entries.size > this.#options.maxEntries) this.#evictLeastRecentlyUsed(null);
      this.#scheduleSweep();
    }
  }

  /** Tells observers now, or at the end of the running transaction. Value observers hear only a changed value. */
  #notify(entry: CacheEntry): void {
    if (this.#transactionDepth > 0) this.#dirty.add(entry);
    else this.#emit(entry);
  }

  #emit(entry: CacheEntry): void {
    for (const listener of entry.listeners) listener();
  }

  #flushDirty(): void {
    while (this.#dirty.size > 0) {
      const batch = [...this.#dirty];
      this.#dirty.clear();
      for (const entry of batch) this.#emit(entry);
    }
  }

  #scheduleSweep(): void {
    if (this.#sweepTimer || this.#entries.size === 0) return;
    const interval = Math.max(SWEEP_FLOOR_MS, Math.min(this.#options.gcTime, this.#options.ttl));
    if (!Number.isFinite(interval)) return;
    this.#sweepTimer = setTimeout(() => {
      this.#sweepTimer = null;
      this.#sweep();
    }, interval);
    (this.#sweepTimer as { unref?: () => void }).unref?.();
  }

  /** Drops unobserved entries past gcTime or ttl; observed expired ones refetch. */
  #sweep(): void {
    const now = this.#options.now();
    this.transaction(() => {
      for (const entry of [...this.#entries.values()]) {
        if (entry.listeners.size === 0) {
          if (now - entry.unobservedSince >= this.#options.gcTime || this.#isExpired(entry)) this.#evict(entry);
        } else if (this.#isExpired(entry) && entry.source) {
          this.#startFetch(entry);
        }
      }
    });
    this.#scheduleSweep();
  }
}

/** Normalizes a fetch source to a factory of Observables. */
export function toFactory<T>(source: FetchSource<T>): () => Observable<T> {
  if (isObservable(source)) return () => source;
  if (typeof source === 'function') return () => from(source());
  throw new CacheHubError(
    104 satisfies CacheHubErrorCode.InvalidOption,
    (typeof ngDevMode === 'undefined' || ngDevMode) &&
      'A fetch source must be an Observable or a function returning an Observable or a Promise',
  );
}
