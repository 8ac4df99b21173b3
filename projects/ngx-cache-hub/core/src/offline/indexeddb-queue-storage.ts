import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import type { OfflineQueueStorage, QuarantinedRecord, QueueChange, StoredQueue } from './offline-queue-storage';
import { appendToQuarantine, planQueueUpdate } from './stored-queue-codec';
import { toStorageError } from './storage-error';

declare const ngDevMode: boolean | undefined;

const QUEUES = 'queues';
const QUARANTINE = 'quarantine';

/** Options of `IndexedDbQueueStorage`. */
export interface IndexedDbQueueStorageOptions {
  /** The factory to open the database with; read lazily. Default `globalThis.indexedDB`. */
  readonly indexedDB?: IDBFactory;
  /** Database name. Default `'ngx-cache-hub-offline'`. */
  readonly databaseName?: string;
}

/**
 * The browser default: each scope's queue is one record in IndexedDB, updated in a single
 * read-write transaction, so concurrent tabs never overwrite each other's actions.
 *
 * @example
 * new OfflineQueue({ ..., storage: new IndexedDbQueueStorage({ databaseName: 'shop-offline' }) });
 */
export class IndexedDbQueueStorage implements OfflineQueueStorage {
  private database?: Promise<IDBDatabase>;

  constructor(private readonly options: IndexedDbQueueStorageOptions = {}) {}

  async update(scope: string, change?: QueueChange): Promise<StoredQueue> {
    return this.transact((typeof ngDevMode === 'undefined' || ngDevMode) && `writing the offline queue of "${scope}" to IndexedDB`, async (tx) => {
      const queues = tx.objectStore(QUEUES);
      const plan = planQueueUpdate(scope, await request(queues.get(scope)), change);
      let quarantined = plan.quarantined;
      if (quarantined.length) {
        const quarantine = tx.objectStore(QUARANTINE);
        const next = appendToQuarantine(scope, await request(quarantine.get(scope)), quarantined);
        quarantine.put(next.list, scope);
        quarantined = next.reported;
      }
      if (plan.write === null) queues.delete(scope);
      else if (plan.write) queues.put(plan.write, scope);
      return { actions: plan.actions, quarantined };
    });
  }

  async clear(scope: string): Promise<void> {
    await this.transact((typeof ngDevMode === 'undefined' || ngDevMode) && `clearing the offline queue of "${scope}" in IndexedDB`, async (tx) => {
      tx.objectStore(QUEUES).delete(scope);
      tx.objectStore(QUARANTINE).delete(scope);
    });
  }

  async quarantined(scope: string): Promise<readonly QuarantinedRecord[]> {
    return this.transact((typeof ngDevMode === 'undefined' || ngDevMode) && `reading the quarantine of "${scope}" in IndexedDB`, async (tx) => {
      return appendToQuarantine(scope, await request(tx.objectStore(QUARANTINE).get(scope)), []).list;
    });
  }

  /** Closes the connection; the next call opens it again. */
  close(): void {
    const database = this.database;
    this.database = undefined;
    database?.then(
      (db) => db.close(),
      () => undefined,
    );
  }

  /** Runs `work` in one read-write transaction and resolves once the transaction has committed. */
  private async transact<T>(what: string | boolean, work: (tx: IDBTransaction) => Promise<T>): Promise<T> {
    try {
      const db = await this.open();
      const tx = db.transaction([QUEUES, QUARANTINE], 'readwrite');
      const committed = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('the transaction was aborted'));
      });
      committed.catch(() => undefined); // awaited below; this only keeps an early abort from being "unhandled"
      let result: T;
      try {
        result = await work(tx);
      } catch (error) {
        abortQuietly(tx);
        throw error;
      }
      await committed;
      return result;
    } catch (error) {
      throw toStorageError(error, what);
    }
  }

  private open(): Promise<IDBDatabase> {
    return (this.database ??= new Promise<IDBDatabase>((resolve, reject) => {
      const factory = this.options.indexedDB ?? globalThis.indexedDB;
      if (!factory) {
        throw new CacheHubError(
          303 satisfies CacheHubErrorCode.StorageUnavailable,
          (typeof ngDevMode === 'undefined' || ngDevMode) && 'IndexedDB is not available here (server rendering, or Node). Pass the indexedDB option, or use MemoryQueueStorage',
        );
      }
      const opening = factory.open(this.options.databaseName ?? 'ngx-cache-hub-offline', 1);
      opening.onupgradeneeded = () => {
        opening.result.createObjectStore(QUEUES);
        opening.result.createObjectStore(QUARANTINE);
      };
      opening.onsuccess = () => {
        const db = opening.result;
        // Another tab wants a newer schema: step aside, reopen on the next call.
        db.onversionchange = () => this.close();
        resolve(db);
      };
      opening.onerror = () => reject(opening.error);
    }).catch((error: unknown) => {
      this.database = undefined;
      throw error;
    }));
  }
}

function request<T = unknown>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function abortQuietly(tx: IDBTransaction): void {
  try {
    tx.abort();
  } catch {
    // Already finished: nothing to undo.
  }
}
