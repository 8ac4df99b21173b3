import { MemoryQueueStorage } from './memory-queue-storage';
import type { OfflineAction } from './offline-action';
import type { OfflineActionHandler } from './offline-action-handler';
import { prepareForStorage, remapsOf, withRemapRecord } from './remap-records';
import { flushAsyncWork } from './testing-internal/flush-async-work';
import { storedAction } from './testing-internal/queue-storage-contract';
import { startQueue } from './testing-internal/queue-test-kit';

describe('remap records', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps a remap of the last 24 h past 100 newer ones, so an action saved late still gets its server id', () => {
    const now = 1_000_000;
    let records: readonly OfflineAction[] = [];
    for (let i = 1; i <= 150; i++) records = withRemapRecord(records, { entityType: 'p', tempId: `tmp-${i}`, serverId: 1000 + i, since: i }, 'alice', now + i);
    records = prepareForStorage(records, now + 200); // a write by the tab that synced the creates
    const late = storedAction('late', 'alice', { payload: { id: 'tmp-1' }, createdAt: 100 }); // held in memory elsewhere, saved now
    const saved = prepareForStorage([...records, late], now + 300);
    expect(remapsOf(saved)).toHaveLength(150);
    expect(saved.find((r) => r.id === 'late')?.payload).toEqual({ id: 1001 });
  });

  it('still drops remap records after 24 h', () => {
    const records = withRemapRecord([], { entityType: 'p', tempId: 'tmp-1', serverId: 1, since: 0 }, 'alice', 0);
    expect(prepareForStorage([...records, storedAction('a1')], 86_400_000)).toEqual([storedAction('a1')]);
  });

  it('never rewrites a temp id reused after a reload to the server id of the earlier entity', async () => {
    const records = new Map<string, unknown>();
    let nextId = 17;
    const applied: string[] = [];
    const handlers: Record<string, OfflineActionHandler> = {
      'products/create': {
        execute: async (p) => ({ id: nextId++, name: (p as { name: string }).name }),
        createsEntity: { entityType: 'products', tempId: (p) => (p as { tempId: string }).tempId, serverId: (r) => (r as { id: number }).id },
      },
      'products/update': { execute: async (p) => void applied.push(`update ${(p as { id: unknown }).id}`) },
    };
    const open = () => startQueue({ storage: new MemoryQueueStorage({ records }), handlers, now: () => Date.now() });

    let { queue } = open();
    await queue.enqueue({ type: 'products/create', payload: { tempId: 'tmp-1', name: 'Lamp' } });
    await queue.enqueue({ type: 'products/update', payload: { id: 'tmp-1' } });
    await flushAsyncWork();
    queue.destroy(); // reload: the app's temp-id counter starts again
    jest.advanceTimersByTime(1_000);

    ({ queue } = open());
    await queue.enqueue({ type: 'products/create', payload: { tempId: 'tmp-1', name: 'Chair' } });
    const enqueued = await queue.enqueue({ type: 'products/update', payload: { id: 'tmp-1' } });
    expect(enqueued.payload).toEqual({ id: 'tmp-1' });
    await flushAsyncWork();
    expect(applied).toEqual(['update 17', 'update 18']);
    queue.destroy();
  });
});
