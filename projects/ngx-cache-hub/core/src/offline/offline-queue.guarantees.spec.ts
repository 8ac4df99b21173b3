import { IDBFactory } from 'fake-indexeddb';
import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { IndexedDbQueueStorage } from './indexeddb-queue-storage';
import { MAX_PAYLOAD_VALUES } from './json-depth';
import { LocalStorageQueueStorage } from './local-storage-queue-storage';
import { MemoryQueueStorage } from './memory-queue-storage';
import type { OfflineActionHandler } from './offline-action-handler';
import type { OfflineQueueStorage } from './offline-queue-storage';
import { FakeBroadcastNetwork } from './testing-internal/fake-broadcast-network';
import { FakeLockManager } from './testing-internal/fake-lock-manager';
import { FakeServer } from './testing-internal/fake-server';
import { FakeWebStorage } from './testing-internal/fake-web-storage';
import { flushAsyncWork } from './testing-internal/flush-async-work';
import { LATENCY, replayEverything, waitFor } from './testing-internal/time-steps';
import { installStructuredClone } from './testing-internal/install-structured-clone';
import { sharedTree } from './testing-internal/shared-tree';
import { envelope, storedAction } from './testing-internal/queue-storage-contract';
import { current, QueueUnderTest, startQueue } from './testing-internal/queue-test-kit';
import { WebLocksCoordinator } from './web-locks-coordinator';

installStructuredClone();

const QUEUE_KEY = 'ngx-cache-hub:offline:queue:alice';

/** The guarantees that hold at the edges: user switches mid-await, tabs, a full disk, corrupt data, busy servers. */
describe('OfflineQueue guarantees', () => {
  const settle = () => flushAsyncWork();

  let server: FakeServer;
  /** The signed-in user, shared by every tab (one cookie jar). */
  let user: string | null;
  /** Calls of the handlers: the user whose credentials went out, the user in ctx, whether the signal was already aborted. */
  let calls: { sku: unknown; credentials: string | null; scope: string; aborted: boolean }[];
  let handlers: Record<string, OfflineActionHandler>;
  const tabs: QueueUnderTest[] = [];
  const skus = () => server.appliedLog.map((entry) => (entry.payload as { sku?: string; id?: unknown }).sku ?? (entry.payload as { id?: unknown }).id);

  const open = (options: Parameters<typeof startQueue>[0] = {}): QueueUnderTest => {
    const tab = startQueue({ scope: () => user, handlers, ...options });
    tabs.push(tab);
    return tab;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    server = new FakeServer();
    user = 'alice';
    calls = [];
    const credentials = () => user ?? undefined;
    const record = (handler: OfflineActionHandler): OfflineActionHandler => ({
      ...handler,
      execute: (payload, context) => {
        calls.push({ sku: (payload as { sku?: string }).sku, credentials: user, scope: context.scope, aborted: context.signal.aborted });
        return handler.execute(payload, context);
      },
    });
    handlers = {
      'stock/update': record(server.handler('stock/update', { credentials })),
      'products/create': record(server.handler('products/create', { creates: 'products', credentials })),
      'products/update': record(server.handler('products/update', { credentials })),
    };
  });

  afterEach(() => {
    tabs.splice(0).forEach((tab) => tab.queue.destroy());
    jest.useRealTimers();
  });

  /** Memory storage whose every call takes `ms` of fake time, so a test can act while a write is on its way. */
  const slowStorage = (ms: number, inner: OfflineQueueStorage = new MemoryQueueStorage()): OfflineQueueStorage => ({
    update: async (scope, change) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return inner.update(scope, change);
    },
    clear: (scope) => inner.clear(scope),
    quarantined: (scope) => inner.quarantined(scope),
  });

  describe('the user', () => {
    it('checks the signed-in user right before each attempt, after the last await, and never sends as another user', async () => {
      const { queue } = open({ storage: slowStorage(5) });
      let action: { id: string } | undefined;
      void queue.enqueue({ type: 'stock/update', payload: { sku: 'p1' } }).then((a) => (action = a));
      while (!action) await waitFor(1);
      // Stored; the write marking it "syncing" is on its way.

      user = 'bob'; // another tab signed bob in; this tab has not heard yet
      await replayEverything();
      expect(calls).toEqual([]);
      expect(current(queue.pending$)).toEqual([]); // it switched to bob's queue by itself

      user = 'alice';
      void queue.refreshScope();
      await replayEverything();
      expect(calls).toEqual([{ sku: 'p1', credentials: 'alice', scope: 'alice', aborted: false }]);
      expect(server.appliedLog).toEqual([expect.objectContaining({ key: action?.id, user: 'alice' })]);
    });

    it('aborts the attempt in flight when the user switches, and never calls a handler with an aborted signal', async () => {
      const signals: AbortSignal[] = [];
      handlers['stock/update'] = { execute: (_p, context) => (signals.push(context.signal), new Promise(() => undefined)) };
      const { queue } = open();
      await queue.enqueue({ type: 'stock/update', payload: { sku: 'p1' } });
      await settle();
      expect(signals.map((s) => s.aborted)).toEqual([false]);

      user = 'bob';
      await queue.refreshScope();
      expect(signals[0].aborted).toBe(true);
      user = 'alice';
      await queue.refreshScope();
      await settle();
      expect(signals.map((s) => s.aborted)).toEqual([true, false]);
    });

    it('binds the action to the user signed in when enqueue() is called, even if the user switches in the same tick', async () => {
      const storage = new MemoryQueueStorage();
      const { queue, bridge } = open({ storage, online$: undefined });
      await settle();

      const enqueued = queue.enqueue({ type: 'stock/update', payload: { sku: 'p1' } });
      user = 'bob';
      void queue.refreshScope();
      const action = await enqueued;

      expect(action).toMatchObject({ scope: 'alice', durable: true });
      expect((await storage.update('alice')).actions.map((a) => a.id)).toEqual([action.id]);
      expect((await storage.update('bob')).actions).toEqual([]);
      expect(current(queue.pending$)).toEqual([]); // bob sees nothing of it
      expect(bridge.liveLayers).toBe(0);
      await replayEverything();
      expect(calls).toEqual([]);
    });
  });

  describe('several tabs', () => {
    let locks: FakeLockManager;
    let network: FakeBroadcastNetwork;
    const openTab = (name: string, storage: OfflineQueueStorage) =>
      open({ storage, coordinator: new WebLocksCoordinator({ locks, broadcastChannel: network.factory, tabId: name }) });

    /** A replaying tab (offline unless `leaderOnline`) and a follower over one localStorage. */
    const openTwoTabs = async (leaderOnline = false) => {
      const web = new FakeWebStorage();
      const leader = openTab('A', new LocalStorageQueueStorage({ storage: web }));
      leader.online$.next(leaderOnline);
      await settle();
      const follower = openTab('B', new LocalStorageQueueStorage({ storage: web }));
      await settle();
      return { web, leader, follower };
    };

    beforeEach(() => {
      locks = new FakeLockManager();
      network = new FakeBroadcastNetwork();
      network.delayMs = 50; // notices arrive late
    });

    it('sends an update with the server id when another tab enqueued it with the temp id before hearing that the create synced', async () => {
      const records = new Map<string, unknown>();
      const leader = openTab('A', new MemoryQueueStorage({ records }));
      await settle();
      const follower = openTab('B', new MemoryQueueStorage({ records }));
      await settle();
      await leader.queue.enqueue({ type: 'products/create', payload: { tempId: 'tmp-1', name: 'Lamp' } });
      await waitFor(LATENCY); // synced: tmp-1 is 100; B hears of it 50 ms later

      const late = await follower.queue.enqueue({ type: 'products/update', payload: { id: 'tmp-1', stock: 2 } });
      expect(late.payload).toEqual({ id: 100, stock: 2 });
      await waitFor(100);
      await replayEverything();

      expect(server.appliedLog.map((e) => e.payload)).toEqual([
        { tempId: 'tmp-1', name: 'Lamp' },
        { id: 100, stock: 2 },
      ]);
    });

    it('sends the server id for an update saved late from memory after the disk was full', async () => {
      const { web, leader, follower } = await openTwoTabs();
      await follower.queue.enqueue({ type: 'products/create', payload: { tempId: 'tmp-1', name: 'Lamp' } });
      await waitFor(100);

      web.quotaChars = 0;
      const update = await follower.queue.enqueue({ type: 'products/update', payload: { id: 'tmp-1', stock: 2 } });
      expect(update.durable).toBe(false);
      leader.online$.next(true);
      await replayEverything(); // the create synced; saving its remap failed too
      web.quotaChars = Infinity;
      for (let i = 0; i < 10; i++) await waitFor(1000);

      expect(server.appliedLog.map((e) => e.payload)).toEqual([
        { tempId: 'tmp-1', name: 'Lamp' },
        { id: 100, stock: 2 },
      ]);
    });

    it('keeps an action another tab stored first ahead, when the disk filled before this tab saw it', async () => {
      const { web, leader, follower } = await openTwoTabs();

      await follower.queue.enqueue({ type: 'stock/update', payload: { sku: 'o1' } }); // stored; A hears 50 ms later
      web.quotaChars = 0;
      await leader.queue.enqueue({ type: 'stock/update', payload: { sku: 'o2' } });
      await leader.queue.enqueue({ type: 'stock/update', payload: { sku: 'o3' } });
      await waitFor(100);
      leader.online$.next(true);
      await replayEverything();

      expect(skus()).toEqual(['o1', 'o2', 'o3']);
    });

    it('tells the other tabs when saving what storage refused finally works, so they replay it without waiting for a reload', async () => {
      const { web, follower } = await openTwoTabs(true);
      web.quotaChars = 0;
      await follower.queue.enqueue({ type: 'stock/update', payload: { sku: 'o1' } });
      await replayEverything();
      expect(calls).toEqual([]); // the replaying tab cannot know

      web.quotaChars = Infinity;
      await waitFor(2000); // B's retry saves it
      await waitFor(100); // the notice arrives
      await replayEverything();
      expect(skus()).toEqual(['o1']);
    });
  });

  describe('a full disk in one tab', () => {
    it('keeps an action stored earlier ahead of one held only in memory, after the user left and came back', async () => {
      const web = new FakeWebStorage();
      const { queue, online$ } = open({ storage: new LocalStorageQueueStorage({ storage: web }), online$: undefined });
      online$.next(false);
      await queue.enqueue({ type: 'stock/update', payload: { sku: 'o1' } });
      web.quotaChars = 0;
      const o2 = await queue.enqueue({ type: 'stock/update', payload: { sku: 'o2' } });
      expect(o2.durable).toBe(false);

      user = 'bob';
      await queue.refreshScope();
      user = 'alice';
      await queue.refreshScope();
      online$.next(true);
      await replayEverything();

      expect(skus()).toEqual(['o1', 'o2']);
    });
  });

  describe('a clock set back', () => {
    const HOUR = 3_600_000;

    it('sends an update to the latest create of a reused temp id even after the clock went back hours and forward again', async () => {
      const records = new Map<string, unknown>();
      let clock = Date.now();
      /** A page load: a new queue over the same storage, with the clock `offsetMs` from the first load's. */
      const reload = async (offsetMs: number) => {
        tabs.splice(0).forEach((tab) => tab.queue.destroy());
        const tab = open({ storage: new MemoryQueueStorage({ records }), now: () => clock + offsetMs });
        await settle();
        return tab.queue;
      };

      let queue = await reload(0);
      await queue.enqueue({ type: 'products/create', payload: { tempId: 'tmp-1', name: 'Lamp' } });
      await replayEverything(); // tmp-1 is 100
      clock += 1000;
      queue = await reload(-5 * HOUR); // the app's counter restarts: tmp-1 again
      await queue.enqueue({ type: 'products/create', payload: { tempId: 'tmp-1', name: 'Chair' } });
      await replayEverything(); // tmp-1 is 101
      queue = await reload(HOUR);
      const update = await queue.enqueue({ type: 'products/update', payload: { id: 'tmp-1', stock: 2 } });
      await replayEverything();

      expect(update.payload).toEqual({ id: 101, stock: 2 });
      expect(server.appliedLog.map((e) => e.payload)).toEqual([
        { tempId: 'tmp-1', name: 'Lamp' },
        { tempId: 'tmp-1', name: 'Chair' },
        { id: 101, stock: 2 },
      ]);
    });

    it('stamps each stored action after everything its user queue held, whatever the clock says', async () => {
      let clock = 1_000_000;
      const { queue, online$ } = open({ now: () => clock, online$: undefined });
      online$.next(false);
      const first = await queue.enqueue({ type: 'stock/update', payload: { sku: 'o1' } });
      clock -= HOUR;
      const second = await queue.enqueue({ type: 'stock/update', payload: { sku: 'o2' } });

      expect(second.createdAt).toBe(first.createdAt - HOUR); // the clock as it was
      expect(second.order).toBeGreaterThan(first.order!);
    });
  });

  describe('corrupt data', () => {
    /** Writes raw values under alice's queue and quarantine keys in IndexedDB, bypassing the adapter. */
    async function plant(factory: IDBFactory, queue: unknown, quarantine: unknown): Promise<void> {
      const storage = new IndexedDbQueueStorage({ indexedDB: factory });
      await storage.update('alice'); // creates the database
      storage.close();
      const db = await new Promise<IDBDatabase>((resolve) => {
        const opening = factory.open('ngx-cache-hub-offline', 1);
        opening.onsuccess = () => resolve(opening.result);
      });
      await new Promise<void>((resolve) => {
        const tx = db.transaction(['queues', 'quarantine'], 'readwrite');
        tx.objectStore('queues').put(queue, 'alice');
        tx.objectStore('quarantine').put(quarantine, 'alice');
        tx.oncomplete = () => resolve();
      });
      db.close();
    }

    it('quarantines a corrupt quarantine record itself, reports it and goes on storing', async () => {
      const factory = new IDBFactory();
      await plant(factory, envelope('alice', [storedAction('a1', 'alice', { payload: { sku: 'p1' } }), 'garbage']), { not: 'a list' });
      const storage = new IndexedDbQueueStorage({ indexedDB: factory });
      const { queue, errors } = open({ storage });
      await replayEverything();

      const later = await queue.enqueue({ type: 'stock/update', payload: { sku: 'p2' } });
      await replayEverything();

      expect(later.durable).toBe(true);
      expect(skus()).toEqual(['p1', 'p2']);
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.CorruptStoredQueue]);
      expect((await storage.quarantined('alice')).map((q) => [q.reason, q.record])).toEqual([
        ['the quarantine record was not a list', { not: 'a list' }],
        ['not an object', 'garbage'],
      ]);
    });

    it('quarantines and reports a record whose shared subtrees stand for 2^60 values, instead of freezing the tab', async () => {
      const factory = new IDBFactory();
      await plant(factory, envelope('alice', [storedAction('a1', 'alice', { payload: { sku: 'p1' } }), storedAction('a2', 'alice', { payload: sharedTree(60) })]), undefined);
      const storage = new IndexedDbQueueStorage({ indexedDB: factory });
      const { queue, errors } = open({ storage });
      await replayEverything();
      await queue.enqueue({ type: 'stock/update', payload: { sku: 'p2' } });
      await replayEverything();

      expect(skus()).toEqual(['p1', 'p2']);
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.CorruptStoredQueue]);
      expect((await storage.quarantined('alice')).map((q) => q.reason)).toEqual([`payload holds more than ${MAX_PAYLOAD_VALUES} values (counting shared ones each time)`]);
    }, 30_000); // walks 1,000,000 values on a loaded machine

    it('reports what it quarantines while saving the parked changes of a user who switched away', async () => {
      const web = new FakeWebStorage();
      const { queue, errors, online$ } = open({ storage: new LocalStorageQueueStorage({ storage: web }), online$: undefined });
      online$.next(false);
      web.quotaChars = 0;
      await queue.enqueue({ type: 'stock/update', payload: { sku: 'p1' } });
      user = 'bob';
      await queue.refreshScope();
      web.quotaChars = Infinity;
      web.setItem(QUEUE_KEY, JSON.stringify(envelope('alice', [{ id: 'x' }])));
      errors.length = 0;

      await waitFor(2000); // the retry saves alice's parked change

      expect(errors).toEqual([expect.objectContaining({ code: CacheHubErrorCode.CorruptStoredQueue, message: expect.stringContaining('"alice"') })]);
      expect(JSON.parse(web.getItem(QUEUE_KEY) ?? '{}').actions.map((a: { payload: unknown }) => a.payload)).toEqual([{ sku: 'p1' }]);
    });
  });

  describe('a busy idempotent server', () => {
    it.each([
      ['a Retry-After header', 'retry-after'],
      ['a body code', 'body'],
    ] as const)('retries a 409 that says the idempotency key is in progress (%s) instead of failing an action the server applied', async (_how, says) => {
      server.willFail({ kind: 'in-progress', says });
      const { queue } = open();
      const action = await queue.enqueue({ type: 'stock/update', payload: { sku: 'p1' } });
      await replayEverything();
      await waitFor(1000);
      await replayEverything();

      expect(current(queue.failed$)).toEqual([]);
      expect(current(queue.pending$)).toEqual([]);
      expect(server.attemptsOf(action.id)).toHaveLength(2);
      expect(server.applied.get(action.id)).toBe(1);
    });
  });
});
