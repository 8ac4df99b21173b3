import type { IndexedDbQueueStorage } from '../indexeddb-queue-storage';
import type { OfflineQueueStorage, QueueChange, StoredQueue } from '../offline-queue-storage';
import type { DiskState } from './fault-schedule';

/** One tab's storage: IndexedDB behind the shared disk; once the tab is dead, calls never settle. */
export class TabStorage implements OfflineQueueStorage {
  dead = false;

  constructor(
    private readonly inner: IndexedDbQueueStorage,
    private readonly disk: () => DiskState,
    private readonly lost: (quarantined: StoredQueue['quarantined']) => void,
  ) {}

  async update(scope: string, change?: QueueChange): Promise<StoredQueue> {
    const result = await this.write(scope, change);
    if (this.dead && result.quarantined.length) this.lost(result.quarantined);
    return result;
  }

  private write(scope: string, change?: QueueChange): Promise<StoredQueue> {
    if (this.dead) return new Promise(() => undefined);
    if (this.disk() === 'broken') return Promise.reject(new DOMException('the disk failed', 'UnknownError'));
    if (!change) return this.inner.update(scope);
    return this.inner.update(scope, (queue) => {
      const next = change(queue);
      const writes = next.length !== queue.length || next.some((a, i) => a !== queue[i]);
      if (writes && this.disk() === 'full') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return next;
    });
  }

  clear(scope: string): Promise<void> {
    return this.dead ? new Promise(() => undefined) : this.inner.clear(scope);
  }

  quarantined(scope: string): ReturnType<OfflineQueueStorage['quarantined']> {
    return this.dead ? new Promise(() => undefined) : this.inner.quarantined(scope);
  }
}
