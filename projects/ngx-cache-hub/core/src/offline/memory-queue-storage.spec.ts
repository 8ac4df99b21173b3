import { MemoryQueueStorage } from './memory-queue-storage';
import { describeQueueStorageContract, storedAction } from './testing-internal/queue-storage-contract';

describeQueueStorageContract('MemoryQueueStorage', () => {
  const records = new Map<string, unknown>();
  return { storage: new MemoryQueueStorage({ records }), plant: async (scope, raw) => void records.set(scope, raw) };
});

describe('MemoryQueueStorage', () => {
  it('shares queues between instances given the same records map, like two tabs', async () => {
    const records = new Map<string, unknown>();
    await new MemoryQueueStorage({ records }).update('alice', () => [storedAction('a1')]);
    expect((await new MemoryQueueStorage({ records }).update('alice')).actions.map((a) => a.id)).toEqual(['a1']);
  });
});
