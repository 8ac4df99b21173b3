/*
 * Public API of ngx-cache-hub: the Angular wiring (providers, services, signals, @CacheNamespace)
 * over the framework-free core, and the core's hub, entities and freshness re-exported for apps.
 */

// from the framework-free core (ngx-cache-hub/core)
export { CacheHub } from 'ngx-cache-hub/core';
export type { FetchSource, SetOptions, InvalidateOptions } from 'ngx-cache-hub/core';
export { CacheHubError, CacheHubErrorCode } from 'ngx-cache-hub/core';
export type { CacheHubOptions, FetchPolicy, RetryPolicy } from 'ngx-cache-hub/core';
export type { CacheEntryState } from 'ngx-cache-hub/core';
export { fetchStatusOf } from 'ngx-cache-hub/core';
export type { FetchState, FetchStatus } from 'ngx-cache-hub/core';
export type { CacheStats } from 'ngx-cache-hub/core';
export type { KeyPattern } from 'ngx-cache-hub/core';
export { NamespacedCache } from 'ngx-cache-hub/core';
export { exponentialBackoff } from 'ngx-cache-hub/core';
export type { BackoffOptions, RetryDelay } from 'ngx-cache-hub/core';
export { applyOptimistic } from 'ngx-cache-hub/core';
export type { OptimisticChange, OptimisticEdit, OptimisticHandle } from 'ngx-cache-hub/core';

export { fetchState } from 'ngx-cache-hub/core';
export type { StatefulCache } from 'ngx-cache-hub/core';
export { RefetchScheduler } from 'ngx-cache-hub/core';
export { invalidateOnSuccess } from 'ngx-cache-hub/core';
export type { Invalidatable } from 'ngx-cache-hub/core';

export { dehydrate, hydrate } from 'ngx-cache-hub/core';
export type { DehydratedCache, DehydrateOptions } from 'ngx-cache-hub/core';

export { formatStreamPosition, parseStreamPosition, streamPositionOf, withStreamPosition } from 'ngx-cache-hub/core';
export type { StreamPosition } from 'ngx-cache-hub/core';

// entities
export { EntityStore } from 'ngx-cache-hub/core';
export type { EntityCreate, EntityDelete, EntityUpdate } from 'ngx-cache-hub/core';
export type { EntityConfig, EntityId } from 'ngx-cache-hub/core';
export type { EntityEvent, BulkEntityUpdate } from 'ngx-cache-hub/core';
export { detailKey, listKey } from 'ngx-cache-hub/core';
export type { ListValue } from 'ngx-cache-hub/core';
export { mergePages } from 'ngx-cache-hub/core';
export type { MergeablePage, MergedPages } from 'ngx-cache-hub/core';
export type { ConnectionStatus } from 'ngx-cache-hub/core';

// angular
export { provideCacheHub } from './lib/provide-cache-hub';
export { CacheHubFeatureKind } from './lib/cache-hub-feature';
export type { CacheHubFeature } from './lib/cache-hub-feature';
export { withEntity } from './lib/with-entity';
export { withTransferState } from './lib/with-transfer-state';
export { cacheInfiniteResource } from './lib/cache-infinite-resource';
export type { InfiniteList, InfiniteResource, InfiniteResourceOptions, InfiniteResourceRequest, ItemOf } from './lib/infinite-resource-request';
export type { TransferStateOptions } from './lib/with-transfer-state';
export { CacheHubService } from './lib/cache-hub.service';
export { NamespacedCacheService } from './lib/namespaced-cache.service';
export { CacheNamespace, cacheNamespaceOf } from './lib/cache-namespace';
export { injectNamespace } from './lib/inject-namespace';
export type { InjectNamespaceOptions } from './lib/inject-namespace';
export { cacheResource } from './lib/cache-resource';
export type { CacheResource, CacheResourceOptions, CacheResourceRequest, ResourceCache } from './lib/cache-resource';
export { cacheMutation } from './lib/cache-mutation';
export type { CacheMutation, CacheMutationOptions, CacheMutationStatus, MutationCache } from './lib/cache-mutation';
export type { OfflineMutationContext } from './lib/offline-mutation-queue';
export { toCacheEntrySignals } from './lib/cache-entry-signals';
export type { CacheEntrySignals, CacheSignalOptions } from './lib/cache-entry-signals';
export { CACHE_HUB_OPTIONS, CACHE_HUB_ENTITIES } from './lib/tokens';
export type { EntityRegistration } from './lib/tokens';

// Internal: shared with the ngx-cache-hub/realtime and ngx-cache-hub/offline entry points. Not part of the public API.
export { makeCacheHubFeature as ɵmakeCacheHubFeature } from './lib/cache-hub-feature';
export { CacheHubRoot as ɵCacheHubRoot } from './lib/cache-hub.service';
export { missingProvider as ɵmissingProvider } from './lib/missing-provider';
export { browserOnline$ as ɵbrowserOnline$ } from './lib/browser-environment';
export { REALTIME_CONNECTION as ɵREALTIME_CONNECTION } from './lib/realtime-connection';
export { OFFLINE_MUTATION_QUEUE as ɵOFFLINE_MUTATION_QUEUE } from './lib/offline-mutation-queue';
export type { OfflineMutationQueue as ɵOfflineMutationQueue } from './lib/offline-mutation-queue';
export type { RealtimeConnection as ɵRealtimeConnection } from './lib/realtime-connection';
