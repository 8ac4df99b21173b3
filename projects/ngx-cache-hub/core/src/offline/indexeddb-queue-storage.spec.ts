import { IDBFactory } from 'fake-indexeddb';
import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { IndexedDbQueueStorage } from './indexeddb-queue-storage';
import { installStructuredClone } from './testing-internal/install-structured-clone';
import { describeQueueStorageContract, storedAction } from './testing-internal/queue-storage-contract';

installStructuredClone();

/** Writes a raw record under the queues store, bypassing the adapter's validation. */
async function plantRaw(factory: IDBFactory, scope: string, raw: unknown): Promise<void> {
  const storage = new IndexedDbQueueStorage({ indexedDB: factory });
  await storage.update(scope); // creates the database
  storage.close();
  const db = await new Promise<IDBDatabase>((resolve) => {
    const open = factory.open('ngx-cache-hub-offline', 1);
    open.onsuccess = () => resolve(open.result);
  });
  await new Promise<void>((resolve) => {
    const tx = db.transaction('queues', 'readwrite');
    tx.objectStore('queues').put(raw, scope);
    tx.oncomplete = () => resolve();
  });
  db.close();
}

describeQueueStorageContract('IndexedDbQueueStorage', () => {
  const factory = new IDBFactory();
  return { storage: new IndexedDbQueueStorage({ indexedDB: factory }), plant: (scope, raw) => plantRaw(factory, scope, raw) };
});

describe('IndexedDbQueueStorage', () => {
  it('never loses an action when two tabs append at the same time', async () => {
    const factory = new IDBFactory();
    const tabA = new IndexedDbQueueStorage({ indexedDB: factory });
    const tabB = new IndexedDbQueueStorage({ indexedDB: factory });
    await Promise.all(['a1', 'b1', 'a2', 'b2', 'a3', 'b3'].map((id) => (id.startsWith('a') ? tabA : tabB).update('alice', (queue) => [...queue, storedAction(id)])));
    const loaded = await tabA.update('alice');
    expect(loaded.actions.map((a) => a.id).sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3']);
  });

  it('survives closing the connection: a new instance reads what the old one wrote', async () => {
    const factory = new IDBFactory();
    const before = new IndexedDbQueueStorage({ indexedDB: factory });
    await before.update('alice', () => [storedAction('a1')]);
    before.close();
    const after = new IndexedDbQueueStorage({ indexedDB: factory });
    expect((await after.update('alice')).actions.map((a) => a.id)).toEqual(['a1']);
  });

  it('reports an IndexedDB that cannot open as StorageUnavailable, and tries again next time', async () => {
    const factory = new IDBFactory();
    const open = jest.spyOn(factory, 'open').mockImplementationOnce(() => {
      throw new DOMException('blocked by policy', 'SecurityError');
    });
    const storage = new IndexedDbQueueStorage({ indexedDB: factory });
    await expect(storage.update('alice')).rejects.toMatchObject({ code: CacheHubErrorCode.StorageUnavailable });
    await expect(storage.update('alice')).resolves.toEqual({ actions: [], quarantined: [] });
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('without an IndexedDB (Node, server rendering) reports StorageUnavailable, saying what to pass instead', async () => {
    const holder = globalThis as { indexedDB?: unknown };
    Object.defineProperty(holder, 'indexedDB', { get: () => undefined, configurable: true });
    try {
      await expect(new IndexedDbQueueStorage().update('alice')).rejects.toMatchObject({
        code: CacheHubErrorCode.StorageUnavailable,
        message: expect.stringMatching(/IndexedDB is not available here.*Pass the indexedDB option/),
      });
    } finally {
      delete holder.indexedDB;
    }
  });

  it('does not touch the global indexedDB until used', () => {
    const holder = globalThis as { indexedDB?: unknown };
    const getter = jest.fn(() => undefined);
    Object.defineProperty(holder, 'indexedDB', { get: getter, configurable: true });
    try {
      new IndexedDbQueueStorage();
      expect(getter).not.toHaveBeenCalled();
    } finally {
      delete holder.indexedDB;
    }
  });
});
