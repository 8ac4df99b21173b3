import type { Observable } from 'rxjs';
import type { CacheEntryState } from './cache-entry-state';
import type { FetchPolicy } from './cache-hub-options';
import type { CacheHub, FetchSource, InvalidateOptions, SetOptions } from './cache-hub';
import { assertValidKey, assertValidNamespace, NAMESPACE_SEPARATOR } from './cache-key';
import { compileKeyPattern, KeyMatcher, KeyPattern } from './key-pattern';
import { applyOptimistic } from './optimistic-layers';
import type { OptimisticChange, OptimisticHandle } from './optimistic-change';

/**
 * The hub seen from one namespace: keys and patterns are relative (`detail-42` means
 * `customers:detail-42`), and patterns only ever visit that namespace's keys.
 * Get one with `hub.namespace('customers')` or by decorating a service with `@CacheNamespace`.
 */
export class NamespacedCache {
  private readonly prefix: string;

  constructor(
    /** The hub behind this view. */
    readonly hub: CacheHub,
    /** This view's namespace. */
    readonly name: string,
  ) {
    assertValidNamespace(name);
    this.prefix = name + NAMESPACE_SEPARATOR;
  }

  /** The full hub key of a relative key. */
  keyOf(key: string): string {
    assertValidKey(key);
    return this.prefix + key;
  }

  /** See {@link CacheHub.getValue}. */
  getValue<T>(key: string): T | undefined {
    return this.hub.getValue<T>(this.keyOf(key));
  }

  /** See {@link CacheHub.get}. */
  get<T>(key: string): Observable<T | undefined> {
    return this.hub.get<T>(this.keyOf(key));
  }

  /** See {@link CacheHub.has}. */
  has(key: string): boolean {
    return this.hub.has(this.keyOf(key));
  }

  /** See {@link CacheHub.set}. */
  set<T>(key: string, value: T, options?: SetOptions): void {
    this.hub.set(this.keyOf(key), value, options);
  }

  /** See {@link CacheHub.update}. */
  update<T>(key: string, fn: (current: T | undefined) => T): T {
    return this.hub.update(this.keyOf(key), fn);
  }

  /** See {@link CacheHub.delete}. */
  delete(key: string): boolean {
    return this.hub.delete(this.keyOf(key));
  }

  /** Removes every entry of this namespace. */
  clear(): void {
    this.hub.transaction(() => this.keys().forEach((key) => this.delete(key)));
  }

  /** Relative keys of this namespace matching `pattern` (tested against relative keys). */
  keys(pattern?: KeyPattern): string[] {
    return this.hub.keysMatching(this.matcher(pattern)).map((key) => key.slice(this.prefix.length));
  }

  /** See {@link CacheHub.invalidate}; the pattern is tested against relative keys. */
  invalidate(pattern?: KeyPattern, options?: InvalidateOptions): number {
    return this.hub.invalidateMatching(this.matcher(pattern), options);
  }

  /** See {@link CacheHub.watch}. */
  watch<T>(key: string): Observable<T | undefined> {
    return this.hub.watch<T>(this.keyOf(key));
  }

  /** See {@link CacheHub.watchState}. */
  watchState<T>(key: string): Observable<CacheEntryState<T>> {
    return this.hub.watchState<T>(this.keyOf(key));
  }

  /** See {@link CacheHub.fetch}. */
  fetch<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy): Observable<T> {
    return this.hub.fetch(this.keyOf(key), source, policy);
  }

  /** See {@link CacheHub.refetch}. */
  refetch(key: string): void {
    this.hub.refetch(this.keyOf(key));
  }

  /** See {@link applyOptimistic}; edit keys are relative to this namespace. */
  optimistic(change: OptimisticChange): OptimisticHandle {
    return applyOptimistic(this.hub, change.map((edit) => ({ key: this.keyOf(edit.key), update: edit.update })));
  }

  private matcher(pattern: KeyPattern | undefined): KeyMatcher {
    const prefix = this.prefix;
    if (pattern === undefined) return { namespace: this.name, test: (key) => key.startsWith(prefix) };
    const relative = compileKeyPattern(pattern);
    if (relative.exact !== undefined) return compileKeyPattern(prefix + relative.exact);
    return { namespace: this.name, test: (key) => key.startsWith(prefix) && relative.test(key.slice(prefix.length)) };
  }
}
