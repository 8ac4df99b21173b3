import { IDBFactory } from 'fake-indexeddb';

import { defaultQueueStorage } from './default-queue-storage';
import { IndexedDbQueueStorage } from './indexeddb-queue-storage';
import { LocalStorageQueueStorage } from './local-storage-queue-storage';
import { MemoryQueueStorage } from './memory-queue-storage';
import { FakeWebStorage } from './testing-internal/fake-web-storage';

describe('defaultQueueStorage', () => {
  it('prefers IndexedDB', () => {
    expect(defaultQueueStorage({ indexedDB: new IDBFactory(), localStorage: new FakeWebStorage() })).toBeInstanceOf(IndexedDbQueueStorage);
  });

  it('falls back to localStorage without IndexedDB', () => {
    expect(defaultQueueStorage({ localStorage: new FakeWebStorage() })).toBeInstanceOf(LocalStorageQueueStorage);
  });

  it('keeps queues in memory on the server', () => {
    expect(defaultQueueStorage({})).toBeInstanceOf(MemoryQueueStorage);
  });

  it('reads the globals of the environment it runs in (jsdom: localStorage, no IndexedDB)', () => {
    expect(defaultQueueStorage()).toBeInstanceOf(LocalStorageQueueStorage);
  });

  it('falls back to memory when reading localStorage throws (sandboxed iframe)', () => {
    const spy = jest.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    try {
      expect(defaultQueueStorage()).toBeInstanceOf(MemoryQueueStorage);
    } finally {
      spy.mockRestore();
    }
  });
});
