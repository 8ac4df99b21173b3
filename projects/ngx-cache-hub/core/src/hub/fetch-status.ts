import type { CacheEntryState } from './cache-entry-state';

/**
 * Where a fetched entry stands, in the words of Angular's `ResourceStatus`: `loading` (no value
 * yet), `reloading` (a value, and a request in flight), `resolved` (a value) or `error` (no value,
 * and the last request failed after its retries). A value whose background refetch failed stays
 * `resolved`, with the failure in `error`.
 */
export type FetchStatus = 'loading' | 'reloading' | 'resolved' | 'error';

/** An entry's state with its `status`: what `fetchState` emits. */
export interface FetchState<T> extends CacheEntryState<T> {
  /** See {@link FetchStatus}. */
  readonly status: FetchStatus;
}

/** The {@link FetchStatus} of an entry's state. */
export function fetchStatusOf(state: CacheEntryState<unknown>): FetchStatus {
  if (state.hasValue) return state.isFetching ? 'reloading' : 'resolved';
  return state.error != null && !state.isFetching ? 'error' : 'loading';
}
