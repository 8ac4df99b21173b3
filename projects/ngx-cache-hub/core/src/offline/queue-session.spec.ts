import { MemoryQueueStorage } from './memory-queue-storage';
import type { OfflineActionContext } from './offline-action-handler';
import type { OfflineQueueStorage, QueueChange } from './offline-queue-storage';
import { flushAsyncWork } from './testing-internal/flush-async-work';
import { startQueue } from './testing-internal/queue-test-kit';

describe('QueueSession attempts', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('does not count an attempt that was marked but never started (the queue went offline in between)', async () => {
    const memory = new MemoryQueueStorage();
    let goOffline = (): void => undefined;
    const storage: OfflineQueueStorage = {
      update: async (scope: string, change?: QueueChange) => {
        const result = await memory.update(scope, change);
        if (result.actions.some((a) => a.status === 'syncing')) goOffline();
        return result;
      },
      clear: (scope) => memory.clear(scope),
      quarantined: (scope) => memory.quarantined(scope),
    };
    const attempts: number[] = [];
    const handlers = { edit: { execute: async (_: unknown, context: OfflineActionContext) => void attempts.push(context.attempt) } };
    const { queue, online$ } = startQueue({ storage, handlers, generateId: () => 'a1' });
    goOffline = () => {
      goOffline = () => undefined;
      online$.next(false); // after the action was marked "syncing", before its handler runs
    };

    await queue.enqueue({ type: 'edit', payload: {} });
    await flushAsyncWork();

    expect(attempts).toEqual([]);
    expect((await memory.update('alice')).actions).toEqual([expect.objectContaining({ id: 'a1', attempts: 0, status: 'pending' })]);

    online$.next(true);
    await flushAsyncWork();
    expect(attempts).toEqual([1]); // the first attempt that really started is attempt 1
    queue.destroy();
  });
});
