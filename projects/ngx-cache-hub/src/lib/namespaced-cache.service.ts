import type { FetchSource } from 'ngx-cache-hub/core';
import type { FetchPolicy } from 'ngx-cache-hub/core';
import type { Observable } from 'rxjs';
import type { CacheEntryState } from 'ngx-cache-hub/core';
import { fetchState } from 'ngx-cache-hub/core';
import { NamespacedCache } from 'ngx-cache-hub/core';
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
