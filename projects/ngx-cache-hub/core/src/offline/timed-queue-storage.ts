import type { OfflineQueueStorage, QuarantinedRecord, QueueChange, StoredQueue } from './offline-queue-storage';

declare const ngDevMode: boolean | undefined;

/** An `OfflineQueueStorage` whose calls time out, until `stop()`. */
export interface TimedQueueStorage extends OfflineQueueStorage {
  /** Clears the pending timeouts: a destroyed queue is never woken by a storage call timing out. */
  stop(): void;
}

/**
 * `storage` whose calls fail with a `TimeoutError` (so the queue reports StorageUnavailable and
 * retries later) when they have not settled after `timeoutMs`: a storage call that never returns
 * (a stuck IndexedDB transaction) never stalls the queue for good. A call that timed out but then
 * succeeded doubles the wait (up to 16 times `timeoutMs`), so a storage that is only slow is
 * waited for in the end. `0` disables the limit.
 */
export function timedQueueStorage(storage: OfflineQueueStorage, timeoutMs: number): TimedQueueStorage {
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let waitMs = timeoutMs;
  const timed = <T>(call: string, work: Promise<T>): Promise<T> => {
    if (timeoutMs <= 0) return work;
    return new Promise<T>((resolve, reject) => {
      let late = false;
      const timer = setTimeout(() => {
        late = true;
        reject(new DOMException(typeof ngDevMode === 'undefined' || ngDevMode ? `storage.${call}() did not settle within ${waitMs} ms` : '', 'TimeoutError'));
      }, waitMs);
      timers.add(timer);
      work
        .then((value) => {
          if (late) waitMs = Math.min(waitMs * 2, timeoutMs * 16);
          resolve(value);
        }, reject)
        .finally(() => (clearTimeout(timer), timers.delete(timer)));
    });
  };
  return {
    update: (scope: string, change?: QueueChange): Promise<StoredQueue> => timed('update', storage.update(scope, change)),
    clear: (scope: string): Promise<void> => timed('clear', storage.clear(scope)),
    quarantined: (scope: string): Promise<readonly QuarantinedRecord[]> => timed('quarantined', storage.quarantined(scope)),
    close: () => storage.close?.(),
    stop: () => (timers.forEach(clearTimeout), timers.clear()),
  };
}
