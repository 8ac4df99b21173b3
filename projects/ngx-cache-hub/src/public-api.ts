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
export { applyOptimistic } from './lib/core/optimistic-layers';
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

// real-time: protocol, transports, connection
export type {
  ServerFrame,
  EntityEventFrame,
  EntityUpdatedFrame,
  EntityCreatedFrame,
  EntityDeletedFrame,
  BulkUpdateFrame,
  ResyncRequiredFrame,
  PingFrame,
  ClientFrame,
  SubscribeFrame,
  UnsubscribeFrame,
  PongFrame,
  ConnectionStatus,
  WireEntity,
  BulkUpdateEntry,
  ServerFrameType,
} from './lib/realtime/protocol';
export { parseServerFrame } from './lib/realtime/parse-server-frame';
export type { RealtimeTransport, TransportSession, RealtimeTransportFactory } from './lib/realtime/realtime-transport';
export { webSocketTransport } from './lib/realtime/websocket-transport';
export type { WebSocketTransportOptions } from './lib/realtime/websocket-transport';
export { sseTransport } from './lib/realtime/sse-transport';
export type { SseTransportOptions, EventSourceLike } from './lib/realtime/sse-transport';
export { fetchSseTransport } from './lib/realtime/fetch-sse-transport';
export type { FetchSseTransportOptions } from './lib/realtime/fetch-sse-transport';
export { pollingTransport } from './lib/realtime/polling-transport';
export type { PollingTransportOptions, PollingResponse } from './lib/realtime/polling-transport';
export { RealtimeClient } from './lib/realtime/realtime-client';
export type { RealtimeClientOptions, MessageMapper } from './lib/realtime/realtime-client';
export type { ReconnectOptions } from './lib/realtime/backoff-delay';

// batching
export { UpdateBatcher } from './lib/batching/update-batcher';
export type { BatchingOptions } from './lib/batching/batching-options';
export type { BatchScheduler } from './lib/batching/batch-scheduler';
export { timerScheduler } from './lib/batching/timer-scheduler';
export { frameScheduler } from './lib/batching/frame-scheduler';
export type { FrameSchedulerOptions } from './lib/batching/frame-scheduler';
export type { BatcherStats } from './lib/batching/batcher-stats';

// offline
export { OfflineQueue } from './lib/offline/offline-queue';
export type { OfflineQueueOptions, EnqueueInput } from './lib/offline/offline-queue';
export type { OfflineAction, OfflineActionStatus } from './lib/offline/offline-action';
export type { OfflineActionHandler, OfflineActionContext, OfflineEntityCreation } from './lib/offline/offline-action-handler';
export type { OfflineCacheBridge } from './lib/offline/offline-cache-bridge';
export type { OfflineQueueStorage } from './lib/offline/offline-queue-storage';
export { IndexedDbQueueStorage } from './lib/offline/indexeddb-queue-storage';
export { LocalStorageQueueStorage } from './lib/offline/local-storage-queue-storage';
export { MemoryQueueStorage } from './lib/offline/memory-queue-storage';
export { OfflinePermanentError, permanentError, isPermanentError } from './lib/offline/offline-permanent-error';
export type { TabCoordinator, TabSession } from './lib/offline/tab-coordinator';
export { defaultQueueStorage } from './lib/offline/default-queue-storage';
export { defaultTabCoordinator } from './lib/offline/default-tab-coordinator';
export { WebLocksCoordinator } from './lib/offline/web-locks-coordinator';
export { BroadcastChannelCoordinator } from './lib/offline/broadcast-channel-coordinator';
export { SingleTabCoordinator } from './lib/offline/single-tab-coordinator';
export { classifyOfflineError } from './lib/offline/classify-offline-error';
export type { OfflineErrorClassification } from './lib/offline/classify-offline-error';

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
export { withRealtime } from './lib/angular/with-realtime';
export { RealtimeCacheService } from './lib/angular/realtime-cache.service';
export type { RealtimeOptions } from './lib/angular/realtime-options';
export { withBatching } from './lib/angular/with-batching';
export { withOfflineSync } from './lib/angular/with-offline-sync';
export { OfflineSyncService } from './lib/angular/offline-sync.service';
export type { OfflineSyncOptions, OfflineSyncHandler } from './lib/angular/offline-sync-options';
export { CACHE_HUB_OPTIONS, CACHE_HUB_ENTITIES } from './lib/angular/tokens';
export { REALTIME_OPTIONS } from './lib/angular/realtime-options';
export { OFFLINE_SYNC_OPTIONS } from './lib/angular/offline-sync-options';
export type { EntityRegistration } from './lib/angular/tokens';
