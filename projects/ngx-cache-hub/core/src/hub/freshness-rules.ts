import type { CacheEntry } from './cache-entry';
import type { CacheEntryState } from './cache-entry-state';
import type { ResolvedCacheHubOptions } from './cache-hub-options';

/** Past its ttl (the entry's own, or the hub's). */
export function isExpired(entry: CacheEntry, options: ResolvedCacheHubOptions): boolean {
  return entry.hasValue && options.now() - entry.updatedAt >= (entry.ttl ?? options.ttl);
}

/** No value, invalidated, past its staleTime (its fetch's, or the hub's) or expired. */
export function isStale(entry: CacheEntry, options: ResolvedCacheHubOptions): boolean {
  const staleTime = entry.policy.staleTime ?? options.staleTime;
  return !entry.hasValue || entry.invalidated || options.now() - entry.updatedAt >= staleTime || isExpired(entry, options);
}

/** What `watchState` emits for an entry. */
export function stateOf<T>(entry: CacheEntry, options: ResolvedCacheHubOptions): CacheEntryState<T> {
  return {
    value: entry.value as T | undefined,
    hasValue: entry.hasValue,
    isFetching: entry.inFlight !== null,
    isStale: isStale(entry, options),
    error: entry.error,
    updatedAt: entry.hasValue ? entry.updatedAt : null,
  };
}
