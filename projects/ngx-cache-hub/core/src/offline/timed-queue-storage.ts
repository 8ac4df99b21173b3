import type { OfflineQueueStorage, QuarantinedRecord, QueueChange, StoredQueue } from './offline-queue-storage';

/**
 * `storage` whose calls fail with a `TimeoutError` (so the queue reports StorageUnavailable and
 * retries later) when they have not settled after `timeoutMs`: a storage call that never returns
 * (a stuck IndexedDB transaction) never stalls the queue for good. `0` disables the limit.
 */
export function timedQueueStorage(storage: OfflineQueueStorage, timeoutMs: number): OfflineQueueStorage {
  if (timeoutMs <= 0) return storage;
  const timed = <T>(call: string, work: Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new DOMException(`storage.${call}() did not settle within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
      work.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  return {
    update: (scope: string, change?: QueueChange): Promise<StoredQueue> => timed('update', storage.update(scope, change)),
    clear: (scope: string): Promise<void> => timed('clear', storage.clear(scope)),
    quarantined: (scope: string): Promise<readonly QuarantinedRecord[]> => timed('quarantined', storage.quarantined(scope)),
    close: () => storage.close?.(),
  };
}
