import { IndexedDbQueueStorage } from './indexeddb-queue-storage';
import { LocalStorageQueueStorage } from './local-storage-queue-storage';
import { MemoryQueueStorage } from './memory-queue-storage';
import type { OfflineQueueStorage } from './offline-queue-storage';
import { runsInBrowser } from './runs-in-browser';

/** The globals `defaultQueueStorage()` looks at; injectable for tests. */
export interface QueueStorageEnvironment {
  readonly indexedDB?: IDBFactory;
  readonly localStorage?: Storage;
}

/**
 * IndexedDB when the browser has it, else localStorage, else memory (server, where no browser
 * global is read). Reads globals only when called, never at import time.
 *
 * @example
 * const storage = defaultQueueStorage(); // what OfflineQueue uses when given no storage
 */
export function defaultQueueStorage(environment?: QueueStorageEnvironment): OfflineQueueStorage {
  const env = environment ?? (runsInBrowser() ? readGlobals() : {});
  if (env.indexedDB) return new IndexedDbQueueStorage({ indexedDB: env.indexedDB });
  if (env.localStorage) return new LocalStorageQueueStorage({ storage: env.localStorage });
  return new MemoryQueueStorage();
}

function readGlobals(): QueueStorageEnvironment {
  const scope = globalThis as { indexedDB?: IDBFactory; localStorage?: Storage };
  let localStorage: Storage | undefined;
  try {
    // Reading localStorage throws in sandboxed iframes and with cookies blocked.
    localStorage = scope.localStorage;
  } catch {
    localStorage = undefined;
  }
  return { indexedDB: scope.indexedDB, localStorage };
}
