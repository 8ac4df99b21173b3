/*
 * Public API of ngx-cache-hub/offline: the durable action queue, its storages and tab coordination.
 */

// offline
export { OfflineQueue } from 'ngx-cache-hub/core';
export { IndexedDbQueueStorage } from 'ngx-cache-hub/core';
export { LocalStorageQueueStorage } from 'ngx-cache-hub/core';
export { MemoryQueueStorage } from 'ngx-cache-hub/core';
export { defaultQueueStorage } from 'ngx-cache-hub/core';
export { WebLocksCoordinator } from 'ngx-cache-hub/core';
export { BroadcastChannelCoordinator } from 'ngx-cache-hub/core';
export { SingleTabCoordinator } from 'ngx-cache-hub/core';
export { defaultTabCoordinator } from 'ngx-cache-hub/core';
export { classifyOfflineError } from 'ngx-cache-hub/core';
export { isIdempotencyKeyInProgress } from 'ngx-cache-hub/core';
export { OfflinePermanentError, isPermanentError, permanentError } from 'ngx-cache-hub/core';
export { replaceTempId } from 'ngx-cache-hub/core';

export type { EnqueuedAction, EnqueueInput, OfflineQueueOptions } from 'ngx-cache-hub/core';
export type { OfflineAction, OfflineActionError, OfflineActionStatus } from 'ngx-cache-hub/core';
export type { OfflineActionContext, OfflineActionHandler, OfflineEntityCreation } from 'ngx-cache-hub/core';
export type { OfflineCacheBridge } from 'ngx-cache-hub/core';
export type { OfflineQueueStorage, QuarantinedRecord, QueueChange, StoredQueue } from 'ngx-cache-hub/core';
export type { IndexedDbQueueStorageOptions } from 'ngx-cache-hub/core';
export type { LocalStorageQueueStorageOptions } from 'ngx-cache-hub/core';
export type { MemoryQueueStorageOptions } from 'ngx-cache-hub/core';
export type { QueueStorageEnvironment } from 'ngx-cache-hub/core';
export type { EntityRemap, QueueChangeNotice, TabCoordinator, TabSession } from 'ngx-cache-hub/core';
export type { BroadcastChannelFactory, BroadcastChannelLike } from 'ngx-cache-hub/core';
export type { LockManagerLike, WebLocksCoordinatorOptions } from 'ngx-cache-hub/core';
export type { BroadcastChannelCoordinatorOptions } from 'ngx-cache-hub/core';
export type { TabEnvironment } from 'ngx-cache-hub/core';
export type { OfflineErrorClassification } from 'ngx-cache-hub/core';

// angular
export { withOfflineSync } from './with-offline-sync';
export { OfflineSyncService } from './offline-sync.service';
export type { OfflineSyncOptions, OfflineSyncHandler } from './offline-sync-options';
export { OFFLINE_SYNC_OPTIONS } from './offline-sync-options';
