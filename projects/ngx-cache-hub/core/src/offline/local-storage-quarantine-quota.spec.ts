import fc from 'fast-check';
import { LocalStorageQueueStorage } from './local-storage-queue-storage';
import type { QuarantinedRecord } from './offline-queue-storage';
import { FakeWebStorage } from './testing-internal/fake-web-storage';
import { envelope, storedAction } from './testing-internal/queue-storage-contract';

const QUEUE = 'ngx-cache-hub:offline:queue:alice';
const QUARANTINE = 'ngx-cache-hub:offline:quarantine:alice';

function queueIds(web: Storage): string[] {
  const text = web.getItem(QUEUE);
  return text ? (JSON.parse(text) as { actions: { id: string }[] }).actions.map((a) => a.id) : [];
}

describe('LocalStorageQueueStorage quarantine under a full quota', () => {
  it('moves aside a big record of a newer version even when the copy needs more room than is free', async () => {
    const web = new FakeWebStorage(5_000);
    web.setItem(QUEUE, JSON.stringify({ ...(envelope('alice', []) as object), version: 2, actions: [{ id: 'v2', photo: 'x'.repeat(3_000) }] }));
    const storage = new LocalStorageQueueStorage({ storage: web });

    const loaded = await storage.update('alice', (queue) => [...queue, storedAction('a1')]);

    expect(loaded.actions.map((a) => a.id)).toEqual(['a1']);
    expect(queueIds(web)).toEqual(['a1']);
    expect(loaded.quarantined.map((q) => q.reason)).toEqual(['unsupported queue version 2']);
    expect(await storage.quarantined('alice')).toEqual([expect.objectContaining({ reason: 'unsupported queue version 2' })]);
  });

  it('drops the oldest quarantined records to make room, and reports them', async () => {
    const web = new FakeWebStorage();
    const old: QuarantinedRecord[] = [1, 2].map((n) => ({ scope: 'alice', reason: `old ${n}`, record: 'o'.repeat(1_500), quarantinedAt: n }));
    web.setItem(QUARANTINE, JSON.stringify(old));
    web.setItem(QUEUE, JSON.stringify(envelope('alice', [storedAction('a1'), { junk: 'j'.repeat(2_000) }])));
    web.quotaChars = 5_500;
    const storage = new LocalStorageQueueStorage({ storage: web });

    const loaded = await storage.update('alice');

    expect(queueIds(web)).toEqual(['a1']);
    expect((await storage.quarantined('alice')).map((q) => q.reason)).toEqual(['old 2', 'missing id']);
    expect(loaded.quarantined.map((q) => q.reason)).toEqual(['missing id', 'old 1 (dropped from the quarantine: the storage is full)']);
  });

  it('never loses a good action and never leaves a bad record in the queue when it succeeds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 500, max: 8_000 }),
        fc.array(fc.integer({ min: 0, max: 1_500 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 0, max: 3_000 }),
        async (quota, oldSizes, goodSizes, badSize) => {
          const web = new FakeWebStorage(Infinity);
          const old = oldSizes.map((n, i): QuarantinedRecord => ({ scope: 'alice', reason: `old ${i}`, record: 'o'.repeat(n), quarantinedAt: i }));
          if (old.length) web.setItem(QUARANTINE, JSON.stringify(old));
          const good = goodSizes.map((n, i) => storedAction(`a${i}`, 'alice', { payload: { blob: 'g'.repeat(n) } }));
          web.setItem(QUEUE, JSON.stringify(envelope('alice', [...good, { junk: 'b'.repeat(badSize) }])));
          web.quotaChars = quota;
          const storage = new LocalStorageQueueStorage({ storage: web });
          const before = web.getItem(QUEUE);
          try {
            await storage.update('alice');
          } catch {
            expect(web.getItem(QUEUE)).toBe(before); // refused: nothing changed, nothing lost
            return;
          }
          expect(queueIds(web)).toEqual(good.map((a) => a.id));
        },
      ),
    );
  });
});

describe('LocalStorageQueueStorage quarantine on a storage that takes no write at all', () => {
  it('keeps the good actions, frees the bad record and still reports its contents', async () => {
    const web = new FakeWebStorage();
    web.setItem(QUEUE, JSON.stringify(envelope('alice', [{ junk: 'marker-1' }])));
    web.quotaChars = 0;
    const loaded = await new LocalStorageQueueStorage({ storage: web }).update('alice');
    expect(web.getItem(QUEUE)).toBeNull();
    expect(loaded.quarantined).toEqual([expect.objectContaining({ record: { junk: 'marker-1' }, reason: expect.stringContaining('contents not kept') })]);
  });
});
