/*
 * Public API of ngx-cache-hub.
 */

// core: the framework-free hub
export { CacheHub } from './lib/core/cache-hub';
export type { FetchSource, SetOptions, InvalidateOptions } from './lib/core/cache-hub';
export { CacheHubError, CacheHubErrorCode } from './lib/core/cache-hub-error';
export type { CacheHubOptions, FetchPolicy, RetryPolicy } from './lib/core/cache-hub-options';
export type { CacheEntryState } from './lib/core/cache-entry-state';
export type { CacheStats } from './lib/core/cache-stats';
export type { KeyPattern } from './lib/core/key-pattern';
export { NamespacedCache } from './lib/core/namespaced-cache';
export { exponentialBackoff } from './lib/core/retry-delay';
export type { BackoffOptions, RetryDelay } from './lib/core/retry-delay';
export type { OptimisticChange, OptimisticEdit, OptimisticHandle } from './lib/core/optimistic-change';

export { RefetchScheduler } from './lib/core/freshness/refetch-scheduler';
export { invalidateOnSuccess } from './lib/core/freshness/invalidate-on-success';
export type { Invalidatable } from './lib/core/freshness/invalidate-on-success';

// core: entities
export { EntityStore } from './lib/core/entity/entity-store';
export type { EntityCreate, EntityDelete, EntityUpdate } from './lib/core/entity/entity-store';
export type { EntityConfig, EntityId } from './lib/core/entity/entity-config';
export type { EntityEvent, BulkEntityUpdate } from './lib/core/entity/entity-event';
export { detailKey, listKey } from './lib/core/entity/entity-key';
export type { ListValue } from './lib/core/entity/list-value';

// angular
export { provideCacheHub } from './lib/angular/provide-cache-hub';
export { CacheHubFeatureKind } from './lib/angular/cache-hub-feature';
export type { CacheHubFeature } from './lib/angular/cache-hub-feature';
export { withEntity } from './lib/angular/with-entity';
export { CacheHubService } from './lib/angular/cache-hub.service';
export { NamespacedCacheService } from './lib/angular/namespaced-cache.service';
export { CacheNamespace, cacheNamespaceOf } from './lib/angular/cache-namespace';
export { toCacheEntrySignals } from './lib/angular/cache-entry-signals';
export type { CacheEntrySignals, CacheSignalOptions } from './lib/angular/cache-entry-signals';
export { CACHE_HUB_OPTIONS, CACHE_HUB_ENTITIES } from './lib/angular/tokens';
export type { EntityRegistration } from './lib/angular/tokens';
