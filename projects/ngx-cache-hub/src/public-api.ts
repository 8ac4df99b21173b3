/*
 * Public API of ngx-cache-hub.
 */

export * from './lib/core/index';

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
export type { ConnectionStatus } from './lib/angular/realtime-connection';

// Internal: shared with the ngx-cache-hub/realtime and ngx-cache-hub/offline entry points. Not part of the public API.
export { makeCacheHubFeature as ɵmakeCacheHubFeature } from './lib/angular/cache-hub-feature';
export { browserOnline$ as ɵbrowserOnline$ } from './lib/angular/browser-environment';
export { REALTIME_CONNECTION as ɵREALTIME_CONNECTION } from './lib/angular/realtime-connection';
export type { RealtimeConnection as ɵRealtimeConnection } from './lib/angular/realtime-connection';
