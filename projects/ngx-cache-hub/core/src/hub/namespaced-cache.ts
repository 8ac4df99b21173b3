import type { Observable } from 'rxjs';
import type { CacheEntryState } from './cache-entry-state';
import type { FetchPolicy } from './cache-hub-options';
import type { CacheHub, FetchSource, InvalidateOptions, SetOptions } from './cache-hub';
import { CacheHubError, type CacheHubErrorCode } from './cache-hub-error';
import { assertValidKey, assertValidNamespace, describe, NAMESPACE_SEPARATOR } from './cache-key';
import type { CacheStats } from './cache-stats';
import { compileKeyPattern, KeyMatcher, KeyPattern } from './key-pattern';
import { applyOptimistic } from './apply-optimistic';
import type { OptimisticChange, OptimisticHandle } from './optimistic-change';

/** Set to false by production builds (Angular CLI), which drops the dev-only code it guards. */
declare const ngDevMode: boolean | undefined;

/**
 * The hub seen from one namespace: keys and patterns are relative (`detail-42` means
 * `customers:detail-42`), and patterns only ever visit that namespace's keys.
 * Get one with `hub.namespace('customers')`, `injectNamespace('customers')` or by decorating a
 * service with `@CacheNamespace`.
 *
 * The rule that keeps relative and absolute keys apart: a view takes relative keys only, and a key
 * or pattern that starts with the view's own namespace (`customers:detail-1`,
 * `detailKey('customers', 1)`, `/^customers:list-/`) throws `AbsoluteKeyInNamespace` (NCH106)
 * instead of naming `customers:customers:detail-1` or matching nothing. Use `view.hub` for absolute keys.
 */
export class NamespacedCache<H = CacheHub> {
  private readonly prefix: string;
  readonly #root: CacheHub;
  /** The hub behind this view, for absolute keys (the app-facing type of it, in Angular `CacheHubService`). */
  readonly hub: H;

  constructor(
    root: CacheHub & H,
    /** This view's namespace. */
    readonly name: string,
  ) {
    assertValidNamespace(name);
    this.prefix = name + NAMESPACE_SEPARATOR;
    this.#root = this.hub = root;
  }

  /** The full hub key of a relative key; throws NCH106 for a key that already names this namespace. */
  keyOf(key: string): string {
    assertValidKey(key);
    if (key.startsWith(this.prefix)) throw this.absolute(key);
    return this.prefix + key;
  }

  /** See {@link CacheHub.peek}. */
  peek<T>(key: string): T | undefined {
    return this.#root.peek<T>(this.keyOf(key));
  }

  /** See {@link CacheHub.isObserved}. */
  isObserved(key: string): boolean {
    return this.#root.isObserved(this.keyOf(key));
  }

  /** See {@link CacheHub.isStale}. */
  isStale(key: string): boolean {
    return this.#root.isStale(this.keyOf(key));
  }

  /** See {@link CacheHub.transaction}. */
  transaction<R>(fn: () => R): R {
    return this.#root.transaction(fn);
  }

  /** The whole hub's stats (namespaces share one hub). */
  stats(): CacheStats {
    return this.#root.stats();
  }

  /** See {@link CacheHub.getValue}. */
  getValue<T>(key: string): T | undefined {
    return this.#root.getValue<T>(this.keyOf(key));
  }

  /** See {@link CacheHub.get}. */
  get<T>(key: string): Observable<T | undefined> {
    return this.#root.get<T>(this.keyOf(key));
  }

  /** See {@link CacheHub.has}. */
  has(key: string): boolean {
    return this.#root.has(this.keyOf(key));
  }

  /** See {@link CacheHub.set}. */
  set<T>(key: string, value: T, options?: SetOptions): void {
    this.#root.set(this.keyOf(key), value, options);
  }

  /** See {@link CacheHub.update}. */
  update<T>(key: string, fn: (current: T | undefined) => T): T {
    return this.#root.update(this.keyOf(key), fn);
  }

  /** See {@link CacheHub.delete}. */
  delete(key: string): boolean {
    return this.#root.delete(this.keyOf(key));
  }

  /** Removes every entry of this namespace. */
  clear(): void {
    this.#root.transaction(() => this.keys().forEach((key) => this.delete(key)));
  }

  /** Relative keys of this namespace matching `pattern` (tested against relative keys). */
  keys(pattern?: KeyPattern): string[] {
    return this.#root.keysMatching(this.matcher(pattern)).map((key) => key.slice(this.prefix.length));
  }

  /** See {@link CacheHub.invalidate}; the pattern is tested against relative keys. */
  invalidate(pattern?: KeyPattern, options?: InvalidateOptions): number {
    return this.#root.invalidateMatching(this.matcher(pattern), options);
  }

  /** See {@link CacheHub.watch}. */
  watch<T>(key: string): Observable<T | undefined> {
    return this.#root.watch<T>(this.keyOf(key));
  }

  /** See {@link CacheHub.watchState}. */
  watchState<T>(key: string): Observable<CacheEntryState<T>> {
    return this.#root.watchState<T>(this.keyOf(key));
  }

  /** See {@link CacheHub.fetch}. */
  fetch<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy): Observable<T> {
    return this.#root.fetch(this.keyOf(key), source, policy);
  }

  /** See {@link CacheHub.refetch}. */
  refetch(key: string): void {
    this.#root.refetch(this.keyOf(key));
  }

  /** See {@link applyOptimistic}; edit keys are relative to this namespace. */
  optimistic(change: OptimisticChange): OptimisticHandle {
    return applyOptimistic(
      this.#root,
      change.map((edit) => ({ key: this.keyOf(edit.key), update: edit.update })),
    );
  }

  private matcher(pattern: KeyPattern | undefined): KeyMatcher {
    const prefix = this.prefix;
    if (pattern === undefined) return { namespace: this.name, test: (key) => key.startsWith(prefix) };
    const relative = compileKeyPattern(pattern);
    if (relative.exact !== undefined) return compileKeyPattern(this.keyOf(relative.exact));
    if (relative.namespace === this.name) throw this.absolute(pattern);
    return { namespace: this.name, test: (key) => key.startsWith(prefix) && relative.test(key.slice(prefix.length)) };
  }

  private absolute(key: unknown): CacheHubError {
    return new CacheHubError(
      106 satisfies CacheHubErrorCode.AbsoluteKeyInNamespace,
      (typeof ngDevMode === 'undefined' || ngDevMode) &&
        `${describe(key instanceof RegExp ? String(key) : key)} is absolute, but the '${this.name}' view takes keys relative to '${this.prefix}'. ` +
          `Drop the '${this.prefix}' prefix (write 'detail-1', /^list-/), or use view.hub for absolute keys`,
    );
  }
}
