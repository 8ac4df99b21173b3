import { type AbstractType, DestroyRef, inject, Injectable, PendingTasks } from '@angular/core';
import type { FetchPolicy } from 'ngx-cache-hub/core';
import { CacheHub, FetchSource } from 'ngx-cache-hub/core';
import type { Observable } from 'rxjs';
import type { FetchState } from 'ngx-cache-hub/core';
import { EntityStore } from 'ngx-cache-hub/core';
import { fetchState } from 'ngx-cache-hub/core';
import { RefetchScheduler } from 'ngx-cache-hub/core';
import type { OptimisticChange, OptimisticHandle } from 'ngx-cache-hub/core';
import { applyOptimistic } from 'ngx-cache-hub/core';
import { bindBrowserEnvironment } from './browser-environment';
import { CacheEntrySignals, CacheSignalOptions, toCacheEntrySignals } from './cache-entry-signals';
import { missingProvider } from './missing-provider';
import { NamespacedCacheService } from './namespaced-cache.service';
import { PendingFetches } from './pending-fetches';
import { CACHE_HUB_ENTITIES, CACHE_HUB_OPTIONS } from './tokens';

/**
 * The core hub as the root injectable, with the services' extras. Internal: apps see it through
 * `CacheHubService`, which leaves out the members only plugins and features use.
 */
@Injectable({ providedIn: 'root', useFactory: missingProvider('CacheHubService', 'provideCacheHub()') })
export class CacheHubRoot extends CacheHub {
  /** Applies entity events (creates, updates, deletes) to every cached detail and list. */
  readonly entities = new EntityStore(this);
  /** Polls, and refetches on focus and reconnect, per each fetch's policy. */
  readonly freshness = new RefetchScheduler(this);
  readonly #pending: PendingFetches;

  constructor() {
    super(inject(CACHE_HUB_OPTIONS));
    for (const { type, config } of inject(CACHE_HUB_ENTITIES)) this.entities.register(type, config);
    bindBrowserEnvironment(this.freshness);
    const tasks = inject(PendingTasks);
    this.#pending = new PendingFetches(this, () => tasks.add());
    inject(DestroyRef).onDestroy(() => {
      this.#pending.destroy();
      this.freshness.destroy();
      this.entities.destroy();
      this.destroy();
    });
  }

  /**
   * See `CacheHub.fetch`. While a request is in flight (any source: Observable, Promise, `fetch()`)
   * the app holds an Angular pending task, so it is not stable and SSR waits for the answer.
   */
  override fetch<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy): Observable<T> {
    return super.fetch(key, this.#pending.wrap(key, source), policy);
  }

  /**
   * The root hub: this service itself. A namespace view's `hub` is the same service, so code written
   * against `CacheHubService` in a `@CacheNamespace` service can reach keys outside its namespace.
   */
  get hub(): CacheHubService {
    return this;
  }

  /** A view whose keys and patterns are relative to `namespace` (`detail-42` is `namespace:detail-42`), with the same signal helpers. */
  namespace(namespace: string): NamespacedCacheService {
    return new NamespacedCacheService(this, namespace);
  }

  /**
   * Shows `change` at once as a layer over server state; `commit()` it once the server accepted it,
   * `rollback()` it when it refused. Writes go under the layer, so real-time updates stay.
   */
  optimistic(change: OptimisticChange): OptimisticHandle {
    return applyOptimistic(this, change);
  }

  /** Signals of one entry (value, isFetching, isStale, error, updatedAt); call in an injection context or pass `injector`. */
  watchSignal<T>(key: string, options?: CacheSignalOptions): CacheEntrySignals<T> {
    return toCacheEntrySignals(this.watchState<T>(key), options);
  }

  /**
   * The state of one entry that is fetched from `source` when not fresh, for the async pipe:
   * `{ status, value, hasValue, error, isFetching, isStale, updatedAt }`. Never errors (a failed
   * request shows in `error`, and as `status: 'error'` when there is no value), so the entry stays
   * observed and is fetched again when the connection comes back. See `fetchState`.
   */
  fetchState<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy): Observable<FetchState<T>> {
    return fetchState(this, key, source, policy);
  }

  /** Signals of one entry that is fetched from `source` when not fresh; see `fetch`. */
  fetchSignal<T>(key: string, source: FetchSource<T>, policy?: FetchPolicy, options?: CacheSignalOptions): CacheEntrySignals<T> {
    return toCacheEntrySignals(this.watchState<T>(key), options, this.fetch(key, source, policy));
  }
}

/** Members of the core hub that plugins and features use, left out of the app-facing type. */
type HubInternals =
  | 'registerPlugin'
  | 'recompute'
  | 'logicalTime'
  | 'keysInNamespace'
  | 'keysMatching'
  | 'invalidateMatching'
  | 'policyOf'
  | 'destroy'
  | 'freshness'
  | 'inspect'
  | 'entries'
  | 'entities';

/**
 * The app's cache: the framework-free `CacheHub` as an injectable, with signal forms of
 * `watch` and `fetch`, and the entity store that applies real-time events. Provided by
 * `provideCacheHub()`.
 *
 * @example
 * export class CustomersService {
 *   private readonly cache = inject(CacheHubService).namespace('customers');
 *   customer$(id: string) { return this.cache.fetch(`detail-${id}`, () => this.http.get<Customer>(`/api/customers/${id}`)); }
 * }
 */
export interface CacheHubService extends Omit<CacheHubRoot, HubInternals> {
  /** Applies entity events (creates, updates, deletes) to every cached detail and list; the service tears it down. */
  readonly entities: Omit<EntityStore, 'destroy' | 'forgetType'>;
}
/** The injection token (and `instanceof` target) of the app's cache. */
export const CacheHubService: AbstractType<CacheHubService> = CacheHubRoot;
