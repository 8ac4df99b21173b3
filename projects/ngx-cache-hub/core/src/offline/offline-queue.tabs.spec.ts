import { BehaviorSubject, Subject } from 'rxjs';
import { BroadcastChannelCoordinator } from './broadcast-channel-coordinator';
import { MemoryQueueStorage } from './memory-queue-storage';
import type { OfflineActionHandler } from './offline-action-handler';
import type { TabCoordinator } from './tab-coordinator';
import { FakeBroadcastNetwork } from './testing-internal/fake-broadcast-network';
import { FakeLockManager } from './testing-internal/fake-lock-manager';
import { FakeServer } from './testing-internal/fake-server';
import { LATENCY, replayEverything, waitFor } from './testing-internal/time-steps';
import { current, QueueUnderTest, startQueue } from './testing-internal/queue-test-kit';
import { WebLocksCoordinator } from './web-locks-coordinator';

/** Two browser tabs of one user: one storage, one lock manager, one broadcast network. */
describe('OfflineQueue across tabs', () => {
  let server: FakeServer;
  let records: Map<string, unknown>;
  let locks: FakeLockManager;
  let network: FakeBroadcastNetwork;
  /** Which tab sent each request, in order. */
  let senders: string[];
  const tabs: QueueUnderTest[] = [];

  /** Opens a tab: its own queue, cache and storage connection over the shared fakes. */
  const openTab = (name: string, options: { scope?: string; coordinator?: TabCoordinator } = {}): QueueUnderTest => {
    const tagged = (type: string, handler: OfflineActionHandler): OfflineActionHandler => ({
      ...handler,
      execute: (payload, context) => {
        senders.push(`${name}:${type}`);
        return handler.execute(payload, context);
      },
    });
    const tab = startQueue({
      storage: new MemoryQueueStorage({ records }),
      coordinator: options.coordinator ?? new WebLocksCoordinator({ locks, broadcastChannel: network.factory, tabId: name }),
      scope: () => options.scope ?? 'alice',
      handlers: {
        'stock/update': tagged(
          'stock/update',
          server.handler<{ sku: string; stock: number }>('stock/update', {
            optimistic: (p) => [{ key: `products:detail-${p.sku}`, update: () => ({ stock: p.stock }) }],
          }),
        ),
        'products/create': tagged('products/create', server.handler('products/create', { creates: 'products' })),
        'products/update': tagged('products/update', server.handler('products/update')),
      },
    });
    tabs.push(tab);
    return tab;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    server = new FakeServer();
    records = new Map();
    locks = new FakeLockManager();
    network = new FakeBroadcastNetwork();
    senders = [];
  });

  afterEach(() => {
    tabs.splice(0).forEach((tab) => tab.queue.destroy());
    jest.useRealTimers();
  });

  it('lets only the lock holder replay, also the actions other tabs enqueued', async () => {
    const first = openTab('A');
    await waitFor(0);
    const second = openTab('B');
    await waitFor(0);

    const action = await second.queue.enqueue({ type: 'stock/update', payload: { sku: 'p1', stock: 4 } });
    await second.queue.enqueue({ type: 'stock/update', payload: { sku: 'p2', stock: 5 } });
    await replayEverything();

    expect(senders).toEqual(['A:stock/update', 'A:stock/update']);
    expect(server.applied.get(action.id)).toBe(1);
    expect(current(second.queue.pending$)).toEqual([]);
    expect(current(first.queue.pending$)).toEqual([]);
    expect(second.bridge.log).toEqual(['optimistic#1', 'optimistic#2', 'commit#1', 'commit#2']);
  });

  it('sends what another tab saved even when every change notice is lost, by reading storage every storagePollMs', async () => {
    openTab('A');
    await waitFor(0);
    const second = openTab('B');
    await waitFor(0);
    network.losesMessages = true;

    const action = await second.queue.enqueue({ type: 'stock/update', payload: { sku: 'p1', stock: 4 } });
    await waitFor(5_000); // half the poll interval: the leader has not looked yet
    expect(senders).toEqual([]);

    await waitFor(5_000); // the leader's next look at storage
    await replayEverything();
    expect(senders).toEqual(['A:stock/update']);
    expect(server.applied.get(action.id)).toBe(1);
  });

  it('sends the first stored action with its own handler when storage shows another first action than the tab saw', async () => {
    // Two tabs that both replay (leaders overlapping) and hear nothing from each other.
    const deaf = (): TabCoordinator => ({
      join: () => ({ leader$: new BehaviorSubject(true), changes$: new Subject<never>(), notifyChange: () => undefined, close: () => undefined }),
    });
    const first = openTab('A', { coordinator: deaf() });
    first.online$.next(false);
    await first.queue.enqueue({ type: 'products/create', payload: { tempId: 'tmp-1' } });
    await first.queue.enqueue({ type: 'stock/update', payload: { sku: 'p1', stock: 4 } });
    const second = openTab('B', { coordinator: deaf() });
    second.online$.next(false);
    await waitFor(0); // B has read both actions

    server.willFail(undefined, { kind: 'status', status: 503 });
    first.online$.next(true);
    await waitFor(LATENCY * 3); // A syncs the create; the update fails once and A waits to retry
    second.online$.next(true); // B still sees the create first, storage shows the update
    await replayEverything();

    expect(server.appliedLog.map((e) => e.type)).toEqual(['products/create', 'stock/update']);
    expect(senders.filter((s) => s.startsWith('B:'))).toEqual(['B:stock/update']);
  });

  it('shows an action enqueued in one tab optimistically in the others', async () => {
    const first = openTab('A');
    first.online$.next(false);
    const second = openTab('B');
    await waitFor(0);

    await second.queue.enqueue({ type: 'stock/update', payload: { sku: 'p1', stock: 4 } });
    await waitFor(0);

    expect(current(first.queue.pending$)).toHaveLength(1);
    expect(first.bridge.read('products:detail-p1')).toEqual({ stock: 4 });
  });

  it('hands replay to another tab when the replaying one closes, resending its unanswered action with the same key', async () => {
    const first = openTab('A');
    await waitFor(0);
    const second = openTab('B');
    await waitFor(0);
    const action = await first.queue.enqueue({ type: 'stock/update', payload: { sku: 'p1', stock: 4 } });
    await waitFor(LATENCY / 2); // A's request is on its way

    first.queue.destroy(); // the tab closes: its lock goes to B
    await replayEverything();

    expect(senders).toEqual(['A:stock/update', 'B:stock/update']);
    expect(server.attemptsOf(action.id).map((r) => r.key)).toEqual([action.id, action.id]);
    expect(server.applied.get(action.id)).toBe(1);
    expect(current(second.queue.pending$)).toEqual([]);
  });

  it('rolls back the layer of an action that failed in another tab and lists it in failed$', async () => {
    server.willFail({ kind: 'status', status: 422 });
    openTab('A');
    await waitFor(0);
    const second = openTab('B');
    await waitFor(0);

    const action = await second.queue.enqueue({ type: 'stock/update', payload: { sku: 'p1', stock: 4 } });
    await replayEverything();

    expect(current(second.queue.failed$).map((a) => [a.id, a.error?.status])).toEqual([[action.id, 422]]);
    expect(second.bridge.log).toEqual(['optimistic#1', 'rollback#1']);
  });

  it('passes temp-id remaps on to the caches of the other tabs', async () => {
    openTab('A');
    await waitFor(0);
    const second = openTab('B');
    second.online$.next(false); // B's own connection does not matter: A replays
    await waitFor(0);

    await second.queue.enqueue({ type: 'products/create', payload: { tempId: 'tmp-1', name: 'Lamp' } });
    await second.queue.enqueue({ type: 'products/update', payload: { id: 'tmp-1', stock: 2 } });
    await replayEverything();

    expect(second.bridge.calls('remap')).toEqual(['remap products tmp-1->100']);
    expect(server.appliedLog.map((e) => e.payload)).toEqual([
      { tempId: 'tmp-1', name: 'Lamp' },
      { id: 100, stock: 2 },
    ]);
  });

  it('elects one replaying tab over BroadcastChannel when Web Locks are missing, sending each action once', async () => {
    const election = (tabId: string) => new BroadcastChannelCoordinator({ broadcastChannel: network.factory, tabId, heartbeatMs: 100 });
    const first = openTab('A', { coordinator: election('A') });
    const second = openTab('B', { coordinator: election('B') });
    await waitFor(100);

    const fromA = await first.queue.enqueue({ type: 'stock/update', payload: { sku: 'p1', stock: 1 } });
    const fromB = await second.queue.enqueue({ type: 'stock/update', payload: { sku: 'p2', stock: 2 } });
    await replayEverything();

    expect(new Set(senders).size).toBe(1);
    expect(senders).toHaveLength(2);
    expect([server.applied.get(fromA.id), server.applied.get(fromB.id)]).toEqual([1, 1]);
  });

  it('keeps the queues of different users apart, even in tabs side by side', async () => {
    const alice = openTab('A', { scope: 'alice' });
    const bob = openTab('B', { scope: 'bob' });
    alice.online$.next(false);
    await waitFor(0);

    await alice.queue.enqueue({ type: 'stock/update', payload: { sku: 'p1', stock: 1 } });
    await replayEverything();

    expect(current(bob.queue.pending$)).toEqual([]);
    expect(senders).toEqual([]);
  });
});
