import type { FetchSource } from 'ngx-cache-hub/core';
import type { FetchPolicy } from 'ngx-cache-hub/core';
import type { FetchState } from 'ngx-cache-hub/core';
import type { Observable } from 'rxjs';
import { fetchState } from 'ngx-cache-hub/core';
import { NamespacedCache } from 'ngx-cache-hub/core';
import type { CacheHubService } from './cache-hub.service';
import { CacheEntrySignals, CacheSignalOptions, toCacheEntrySignals } from './cache-entry-signals';

/**
 * A namespace view of `CacheHubService`: every `CacheHubService` member is here (the compiler
 * checks it), so a `@CacheNamespace` field typed `CacheHubService` is honest. Keys and patterns
 * are relative to the namespace and a key that names it (`customers:detail-1`) throws NCH106;
 * `entities`, `stats()` and `transaction()` are the whole hub's; `namespace(other)` is a sibling view;
 * `hub` is the root service, for absolute keys. Get one with `injectNamespace('customers')`.
 */
export class NamespacedCacheService extends NamespacedCache<CacheHubService> implements CacheHubService {
  /** The whole hub's entity store (entity types are not namespaced). */
  get entities(): CacheHubService['entities'] {
    return this.hub.entities;
  }

  /** A view of another namespace (views do not nest: `namespace('orders')` is `orders:`). */
  namespace(namespace: string): NamespacedCacheService {
    return this.hub.namespace(namespace);
  }

  /** See `CacheHubService.watchSignal`. */
  watchSignal<T>(key: string, options?: CacheSignalOptions): CacheEntrySignals<T> {
    return toCacheEntrySignals(this.watchState<T>(key), options);
  }

  /** See `CacheHubService.fetchState`; a key that names the namespace throws NCH106 here, not in the stream. */
  fetchState<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy): Observable<FetchState<T>> {
    this.keyOf(key);
    return fetchState(this, key, source, policy);
  }

  /** See `CacheHubService.fetchSignal`. */
  fetchSignal<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy, options?: CacheSignalOptions): CacheEntrySignals<T> {
    return toCacheEntrySignals(this.watchState<T>(key), options, this.fetch(key, source, policy));
  }
}
