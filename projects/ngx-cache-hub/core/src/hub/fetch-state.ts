import { map, Observable } from 'rxjs';
import type { FetchSource } from './cache-hub';
import type { FetchPolicy } from './cache-hub-options';
import type { CacheEntryState } from './cache-entry-state';
import { FetchState, fetchStatusOf } from './fetch-status';

/** What `fetchState` needs of a cache: the hub or a namespace view. */
export interface StatefulCache {
  watchState<T>(key: string): Observable<CacheEntryState<T>>;
  fetch<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy): Observable<T>;
}

/**
 * Observes `key` as `fetch` does (fetching it from `source` when not fresh), as a stream of its
 * state that never errors: a failed request shows in `error` (and `status: 'error'` when there is
 * no value to show) and the entry stays observed, so it is fetched again when the connection comes
 * back, on `online` and on focus. The form for the async pipe:
 * `@if (products$ | async; as s) { @switch (s.status) { ... } }`.
 *
 * @example
 * readonly product$ = fetchState(hub, 'products:detail-7', () => http.get<Product>('/api/products/7'));
 */
export function fetchState<T>(cache: StatefulCache, key: string, source: FetchSource<T>, policy?: FetchPolicy): Observable<FetchState<T>> {
  return new Observable<FetchState<T>>((subscriber) => {
    const state = cache
      .watchState<T>(key)
      .pipe(map((entry) => ({ ...entry, status: fetchStatusOf(entry) })))
      .subscribe(subscriber);
    state.add(cache.fetch(key, source, policy).subscribe({ error: () => undefined }));
    return state;
  });
}
