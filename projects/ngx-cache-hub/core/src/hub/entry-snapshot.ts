import type { CacheEntry } from './cache-entry';
import type { CacheEntryState } from './cache-entry-state';
import type { ResolvedCacheHubOptions } from './cache-hub-options';
import { stateOf } from './freshness-rules';

/**
 * One entry as an inspector (devtools) sees it, read by `CacheHub.inspect()` without counting a
 * hit, touching LRU order or observing: reading it never keeps an entry alive. The state fields
 * are those `watchState` emits.
 */
export interface EntrySnapshot extends CacheEntryState<unknown> {
  readonly key: string;
  /** The server-state value, under the optimistic layers (`value` has them applied). */
  readonly base: unknown;
  /** Live subscribers (watch, watchState, fetch). An inspector is never one of them. */
  readonly observers: number;
  /** Marked stale by `invalidate()` and not written since. */
  readonly invalidated: boolean;
  /** Whether a fetch recorded a source, so `refetch()` can run. */
  readonly refetchable: boolean;
}

/** What an inspector sees of `entry` (see `CacheHub.inspect()`). */
export function snapshotOf(entry: CacheEntry, options: ResolvedCacheHubOptions): EntrySnapshot {
  return {
    ...stateOf(entry, options),
    key: entry.key,
    base: entry.base,
    observers: entry.listeners.size,
    invalidated: entry.invalidated,
    refetchable: !!entry.source,
  };
}
