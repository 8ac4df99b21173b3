import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { LocalStorageQueueStorage } from './local-storage-queue-storage';
import { FakeWebStorage } from './testing-internal/fake-web-storage';
import { describeQueueStorageContract, envelope, storedAction } from './testing-internal/queue-storage-contract';

describeQueueStorageContract('LocalStorageQueueStorage', () => {
  const web = new FakeWebStorage();
  return {
    storage: new LocalStorageQueueStorage({ storage: web }),
    plant: async (scope, raw) => web.setItem(`ngx-cache-hub:offline:queue:${scope}`, JSON.stringify(raw)),
  };
});

describe('LocalStorageQueueStorage', () => {
  it('stores one JSON record per scope under the prefixed key', async () => {
    const web = new FakeWebStorage();
    await new LocalStorageQueueStorage({ storage: web, prefix: 'app:' }).update('alice', () => [storedAction('a1')]);
    expect(JSON.parse(web.getItem('app:queue:alice') ?? 'null')).toMatchObject({ scope: 'alice', actions: [{ id: 'a1' }] });
  });

  it('quarantines text that is not JSON, keeping the text', async () => {
    const web = new FakeWebStorage();
    web.setItem('ngx-cache-hub:offline:queue:alice', '{"format": broken');
    const storage = new LocalStorageQueueStorage({ storage: web });
    const loaded = await storage.update('alice');
    expect(loaded.actions).toEqual([]);
    expect(await storage.quarantined('alice')).toEqual([expect.objectContaining({ record: '{"format": broken' })]);
    expect(web.getItem('ngx-cache-hub:offline:queue:alice')).toBeNull();
  });

  it('quarantines a quarantine entry that is not a list, with the bad record that found it, and goes on writing', async () => {
    const web = new FakeWebStorage();
    web.setItem('ngx-cache-hub:offline:quarantine:alice', 'not json either');
    web.setItem('ngx-cache-hub:offline:queue:alice', JSON.stringify(envelope('alice', [storedAction('a1'), 'garbage'])));
    const storage = new LocalStorageQueueStorage({ storage: web });

    const loaded = await storage.update('alice', (queue) => [...queue, storedAction('a2')]);

    expect(loaded.actions.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(loaded.quarantined.map((q) => [q.reason, q.record])).toEqual([
      ['the quarantine record was not a list', 'not json either'],
      ['not an object', 'garbage'],
    ]);
    expect((await storage.quarantined('alice')).map((q) => q.record)).toEqual(['not json either', 'garbage']);
  });

  it('reports a full storage as StorageFull and leaves the stored queue as it was', async () => {
    const web = new FakeWebStorage(400);
    const storage = new LocalStorageQueueStorage({ storage: web });
    await storage.update('alice', () => [storedAction('a1')]);
    const big = storedAction('a2', 'alice', { payload: { blob: 'x'.repeat(500) } });
    await expect(storage.update('alice', (queue) => [...queue, big])).rejects.toMatchObject({ code: CacheHubErrorCode.StorageFull });
    expect((await storage.update('alice')).actions.map((a) => a.id)).toEqual(['a1']);
  });

  it('reports a storage that cannot be read as StorageUnavailable', async () => {
    const denied = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as Storage;
    await expect(new LocalStorageQueueStorage({ storage: denied }).update('alice')).rejects.toMatchObject({
      code: CacheHubErrorCode.StorageUnavailable,
    });
  });

  it('without a localStorage (server rendering) reports StorageUnavailable, saying what to pass instead', async () => {
    const spy = jest.spyOn(window, 'localStorage', 'get').mockReturnValue(undefined as unknown as Storage);
    try {
      await expect(new LocalStorageQueueStorage().update('alice')).rejects.toMatchObject({
        code: CacheHubErrorCode.StorageUnavailable,
        message: expect.stringMatching(/localStorage is not available here.*Pass the storage option/),
      });
    } finally {
      spy.mockRestore();
    }
  });

  it('reads the global localStorage only when used, not when created', async () => {
    const spy = jest.spyOn(window, 'localStorage', 'get');
    const storage = new LocalStorageQueueStorage();
    expect(spy).not.toHaveBeenCalled();
    await storage.update('alice');
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
  });
});
