/*
 * Public API of ngx-cache-hub/core: everything framework-free (the hub, entities, freshness,
 * optimistic layers, the wire protocol and transports, the real-time client and its live-sync
 * rules, batching, the offline queue and its storages). Imports neither Angular nor any other
 * entry point of this package, so it runs in plain Node, workers and other frameworks.
 */

// the framework-free hub
export { CacheHub } from './hub/cache-hub';
export type { FetchSource, SetOptions, InvalidateOptions } from './hub/cache-hub';
export { CacheHubError, CacheHubErrorCode } from './hub/cache-hub-error';
export type { CacheHubOptions, FetchPolicy, RetryPolicy } from './hub/cache-hub-options';
export type { CacheEntryState } from './hub/cache-entry-state';
export type { CacheStats } from './hub/cache-stats';
export type { EntrySnapshot } from './hub/entry-snapshot';
export type { KeyPattern } from './hub/key-pattern';
export { NamespacedCache } from './hub/namespaced-cache';
export { exponentialBackoff } from './hub/retry-delay';
export type { BackoffOptions, RetryDelay } from './hub/retry-delay';
export { applyOptimistic } from './hub/apply-optimistic';
export type { OptimisticChange, OptimisticEdit, OptimisticHandle } from './hub/optimistic-change';

export { fetchState } from './hub/fetch-state';
export type { StatefulCache } from './hub/fetch-state';
export { fetchStatusOf } from './hub/fetch-status';
export type { FetchState, FetchStatus } from './hub/fetch-status';
export { RefetchScheduler } from './freshness/refetch-scheduler';
export { invalidateOnSuccess } from './freshness/invalidate-on-success';
export type { Invalidatable } from './freshness/invalidate-on-success';

export { dehydrate, hydrate } from './hub/dehydrate';
export type { DehydratedCache, DehydrateOptions } from './hub/dehydrate';

export { formatStreamPosition, parseStreamPosition, streamPositionOf, withStreamPosition } from './hub/stream-position';
export type { StreamPosition } from './hub/stream-position';

// entities
export { EntityStore } from './entity/entity-store';
export type { EntityCreate, EntityDelete, EntityUpdate } from './entity/entity-store';
export type { EntityConfig, EntityId } from './entity/entity-config';
export type { EntityEvent, BulkEntityUpdate } from './entity/entity-event';
export { detailKey, listKey } from './entity/entity-key';
export type { ListValue } from './entity/list-value';
export { mergePages, pageBaselineOf } from './entity/merge-pages';
export type { MergeablePage, MergedPages } from './entity/merge-pages';

// real-time: protocol, transports, connection
export type {
  ServerFrame,
  EntityEventFrame,
  EntityUpdatedFrame,
  EntityCreatedFrame,
  EntityDeletedFrame,
  BulkUpdateFrame,
  ResyncRequiredFrame,
  SubscribedFrame,
  PingFrame,
  ClientFrame,
  SubscribeFrame,
  UnsubscribeFrame,
  PongFrame,
  ConnectionStatus,
  WireEntity,
  BulkUpdateEntry,
  ServerFrameType,
} from './realtime/protocol';
export { parseServerFrame } from './realtime/parse-server-frame';
export type { RealtimeTransport, TransportSession, RealtimeTransportFactory } from './realtime/realtime-transport';
export { webSocketTransport } from './realtime/websocket-transport';
export type { WebSocketTransportOptions } from './realtime/websocket-transport';
export { sseTransport } from './realtime/sse-transport';
export type { SseTransportOptions, EventSourceLike } from './realtime/sse-transport';
export { SseMessage } from './realtime/sse-message';
export { fetchSseTransport } from './realtime/fetch-sse-transport';
export type { FetchSseTransportOptions } from './realtime/fetch-sse-transport';
export { pollingTransport } from './realtime/polling-transport';
export type { PollingTransportOptions, PollingResponse } from './realtime/polling-transport';
export { RealtimeClient } from './realtime/realtime-client';
export type { RealtimeClientOptions, SubscriptionAck } from './realtime/realtime-client';
export type { MessageMapper, MessageMeta } from './realtime/frame-reader';
export { LiveSync } from './realtime/live-sync';
export type { LiveSyncOptions, EntityEventSink } from './realtime/live-sync';

// batching
export { UpdateBatcher } from './batching/update-batcher';
export type { BatchingOptions } from './batching/batching-options';
export type { BatchScheduler } from './batching/batch-scheduler';
export { timerScheduler } from './batching/timer-scheduler';
export { frameScheduler } from './batching/frame-scheduler';
export type { FrameSchedulerOptions } from './batching/frame-scheduler';
export type { BatcherStats } from './batching/batcher-stats';

// offline
export { OfflineQueue } from './offline/offline-queue';
export { IndexedDbQueueStorage } from './offline/indexeddb-queue-storage';
export { LocalStorageQueueStorage } from './offline/local-storage-queue-storage';
export { MemoryQueueStorage } from './offline/memory-queue-storage';
export { defaultQueueStorage } from './offline/default-queue-storage';
export { WebLocksCoordinator } from './offline/web-locks-coordinator';
export { BroadcastChannelCoordinator } from './offline/broadcast-channel-coordinator';
export { SingleTabCoordinator } from './offline/single-tab-coordinator';
export { defaultTabCoordinator } from './offline/default-tab-coordinator';
export { classifyOfflineError } from './offline/classify-offline-error';
export { isIdempotencyKeyInProgress } from './offline/is-idempotency-key-in-progress';
export { OfflinePermanentError, isPermanentError, permanentError } from './offline/offline-permanent-error';
export { replaceTempId } from './offline/replace-temp-id';

export type { EnqueuedAction, EnqueueInput, OfflineQueueOptions } from './offline/offline-queue-options';
export type { OfflineAction, OfflineActionError, OfflineActionStatus } from './offline/offline-action';
export type { OfflineActionContext, OfflineActionHandler, OfflineEntityCreation } from './offline/offline-action-handler';
export type { OfflineCacheBridge } from './offline/offline-cache-bridge';
export type { OfflineQueueStorage, QuarantinedRecord, QueueChange, StoredQueue } from './offline/offline-queue-storage';
export type { IndexedDbQueueStorageOptions } from './offline/indexeddb-queue-storage';
export type { LocalStorageQueueStorageOptions } from './offline/local-storage-queue-storage';
export type { MemoryQueueStorageOptions } from './offline/memory-queue-storage';
export type { QueueStorageEnvironment } from './offline/default-queue-storage';
export type { EntityRemap, QueueChangeNotice, TabCoordinator, TabSession } from './offline/tab-coordinator';
export type { BroadcastChannelFactory, BroadcastChannelLike } from './offline/tab-channel';
export type { LockManagerLike, WebLocksCoordinatorOptions } from './offline/web-locks-coordinator';
export type { BroadcastChannelCoordinatorOptions } from './offline/broadcast-channel-coordinator';
export type { TabEnvironment } from './offline/default-tab-coordinator';
export type { OfflineErrorClassification } from './offline/classify-offline-error';

export * from './private-exports';
