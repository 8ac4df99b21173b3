import type { CacheEntry } from './cache-entry';
import type { ResolvedCacheHubOptions } from './cache-hub-options';
import { namespaceOf } from './cache-key';
import { isStale } from './freshness-rules';

/**
 * One entry as an inspector (devtools) sees it, read by `CacheHub.inspect()` without counting a
 * hit, touching LRU order or observing: reading it never keeps an entry alive.
 */
export interface EntrySnapshot {
  readonly key: string;
  /** The text before the first ':' of the key, or undefined. */
  readonly namespace: string | undefined;
  /** What readers see (optimistic layers applied); undefined while there is none. */
  readonly value: unknown;
  /** The server-state value, under the layers. */
  readonly base: unknown;
  readonly hasValue: boolean;
  /** Live subscribers (watch, watchState, fetch). An inspector is never one of them. */
  readonly observers: number;
  readonly isFetching: boolean;
  readonly isStale: boolean;
  /** Marked stale by `invalidate()` and not written since. */
  readonly invalidated: boolean;
  /** The last fetch error, or null. */
  readonly error: unknown;
  /** When the value was last written (ms), or null. */
  readonly updatedAt: number | null;
  /** Whether a fetch recorded a source, so `refetch()` can run. */
  readonly refetchable: boolean;
}

/** The snapshot of one entry (internal to the hub). */
export function snapshotOf(entry: CacheEntry, options: ResolvedCacheHubOptions): EntrySnapshot {
  return {
    key: entry.key,
    namespace: namespaceOf(entry.key),
    value: entry.value,
    base: entry.base,
    hasValue: entry.hasValue,
    observers: entry.listeners.size,
    isFetching: entry.inFlight !== null,
    isStale: isStale(entry, options),
    invalidated: entry.invalidated,
    error: entry.error,
    updatedAt: entry.hasValue ? entry.updatedAt : null,
    refetchable: entry.source !== null,
  };
}
