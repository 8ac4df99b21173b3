import type { OptimisticChange, OptimisticHandle } from '../hub/optimistic-change';

/**
 * What the offline queue needs from the cache: `applyOptimistic(hub, change)` and the entity store's
 * `remapId`. `withOfflineSync()` wires them; framework-free code passes them itself; tests use a fake.
 */
export interface OfflineCacheBridge {
  /** Applies a layer over server state; the queue commits it on success and rolls it back on a permanent failure. */
  optimistic(change: OptimisticChange): OptimisticHandle;
  /** Replaces a temporary entity id by the server's in cached details and lists. */
  remapEntityId(entityType: string, tempId: string, serverId: string | number): void;
}
