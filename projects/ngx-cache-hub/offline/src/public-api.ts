/*
 * Public API of ngx-cache-hub/offline: the durable action queue, its storages and tab coordination.
 */

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

// angular
export { withOfflineSync } from './angular/with-offline-sync';
export { OfflineSyncService } from './angular/offline-sync.service';
export type { OfflineSyncOptions, OfflineSyncHandler } from './angular/offline-sync-options';
export { OFFLINE_SYNC_OPTIONS } from './angular/offline-sync-options';
