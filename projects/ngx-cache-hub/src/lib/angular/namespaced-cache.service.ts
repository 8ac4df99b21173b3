import type { FetchSource } from '../core/cache-hub';
import type { FetchPolicy } from '../core/cache-hub-options';
import type { Observable } from 'rxjs';
import type { CacheEntryState } from '../core/cache-entry-state';
import { fetchState } from '../core/fetch-state';
import { NamespacedCache } from '../core/namespaced-cache';
import { CacheEntrySignals, CacheSignalOptions, toCacheEntrySignals } from './cache-entry-signals';

/** A namespace view of `CacheHubService` with signal forms; keys are relative to the namespace. */
export class NamespacedCacheService extends NamespacedCache {
  /** See `CacheHubService.watchSignal`. */
  watchSignal<T>(key: string, options?: CacheSignalOptions): CacheEntrySignals<T> {
    return toCacheEntrySignals(this.watchState<T>(key), options);
  }

  /** See `CacheHubService.fetchState`. */
  fetchState<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy): Observable<CacheEntryState<T>> {
    return fetchState(this, key, source, policy);
  }

  /** See `CacheHubService.fetchSignal`. */
  fetchSignal<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy, options?: CacheSignalOptions): CacheEntrySignals<T> {
    return toCacheEntrySignals(this.watchState<T>(key), options, this.fetch(key, source, policy));
  }
}
