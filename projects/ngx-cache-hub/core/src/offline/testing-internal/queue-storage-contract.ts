import { CacheHubErrorCode } from '../../hub/cache-hub-error';
import type { OfflineAction } from '../offline-action';
import type { OfflineQueueStorage } from '../offline-queue-storage';

/** A storage under test plus a way to plant raw data where its scope record lives. */
export interface StorageUnderTest {
  readonly storage: OfflineQueueStorage;
  /** Writes `raw` as the stored record of `scope`, bypassing validation. */
  plant(scope: string, raw: unknown): Promise<void>;
}

/** A valid stored action of `scope`. */
export function storedAction(id: string, scope = 'alice', extra: Partial<OfflineAction> = {}): OfflineAction {
  return { id, type: 'stock/update', payload: { sku: id, stock: 1 }, createdAt: 1, attempts: 0, status: 'pending', scope, ...extra };
}

/** A stored queue record as the adapters write it. */
export function envelope(scope: string, actions: unknown[]): unknown {
  return { format: 'ngx-cache-hub/offline-queue', version: 1, scope, actions };
}

/** The behaviour every `OfflineQueueStorage` adapter shares. */
export function describeQueueStorageContract(name: string, create: () => StorageUnderTest): void {
  describe(`${name} (storage contract)`, () => {
    let subject: StorageUnderTest;

    beforeEach(() => {
      subject = create();
    });

    it('loads an empty queue for a scope that never stored anything', async () => {
      await expect(subject.storage.update('alice')).resolves.toEqual({ actions: [], quarantined: [] });
    });

    it('applies a change and keeps it for the next load', async () => {
      await subject.storage.update('alice', (queue) => [...queue, storedAction('a1')]);
      await subject.storage.update('alice', (queue) => [...queue, storedAction('a2')]);
      const loaded = await subject.storage.update('alice');
      expect(loaded.actions.map((a) => a.id)).toEqual(['a1', 'a2']);
    });

    it('keeps each user scope apart', async () => {
      await subject.storage.update('alice', () => [storedAction('a1')]);
      await subject.storage.update('bob', () => [storedAction('b1', 'bob')]);
      expect((await subject.storage.update('alice')).actions.map((a) => a.id)).toEqual(['a1']);
      expect((await subject.storage.update('bob')).actions.map((a) => a.id)).toEqual(['b1']);
    });

    it('hands out copies, so mutating a loaded action changes nothing stored', async () => {
      await subject.storage.update('alice', () => [storedAction('a1')]);
      const loaded = await subject.storage.update('alice');
      (loaded.actions[0].payload as { stock: number }).stock = 99;
      expect((await subject.storage.update('alice')).actions[0].payload).toEqual({ sku: 'a1', stock: 1 });
    });

    it('quarantines invalid records, keeps the valid ones and never returns the invalid ones again', async () => {
      await subject.plant('alice', envelope('alice', [storedAction('a1'), { id: 'x' }, 'garbage', storedAction('a2', 'mallory')]));
      const loaded = await subject.storage.update('alice');
      expect(loaded.actions.map((a) => a.id)).toEqual(['a1']);
      expect(loaded.quarantined.map((q) => q.reason)).toEqual(['missing type', 'not an object', 'belongs to another user scope']);
      const again = await subject.storage.update('alice');
      expect(again).toEqual({ actions: loaded.actions, quarantined: [] });
      expect((await subject.storage.quarantined('alice')).map((q) => q.record)).toEqual([{ id: 'x' }, 'garbage', storedAction('a2', 'mallory')]);
    });

    it('quarantines a whole record that is not a queue of this scope', async () => {
      await subject.plant('alice', envelope('bob', [storedAction('b1', 'bob')]));
      const loaded = await subject.storage.update('alice');
      expect(loaded.actions).toEqual([]);
      expect(loaded.quarantined[0].reason).toBe('the queue belongs to another user scope');
    });

    it('clears the queue and quarantine of one scope only', async () => {
      await subject.plant('alice', envelope('alice', [storedAction('a1'), 'garbage']));
      await subject.storage.update('alice');
      await subject.storage.update('bob', () => [storedAction('b1', 'bob')]);
      await subject.storage.clear('alice');
      expect((await subject.storage.update('alice')).actions).toEqual([]);
      expect(await subject.storage.quarantined('alice')).toEqual([]);
      expect((await subject.storage.update('bob')).actions).toHaveLength(1);
    });

    it('rejects with a CacheHubError when the change itself throws, storing nothing', async () => {
      await subject.storage.update('alice', () => [storedAction('a1')]);
      const failing = subject.storage.update('alice', () => {
        throw new Error('boom');
      });
      await expect(failing).rejects.toMatchObject({ code: CacheHubErrorCode.StorageUnavailable });
      expect((await subject.storage.update('alice')).actions.map((a) => a.id)).toEqual(['a1']);
    });
  });
}
