import { IDBFactory } from 'fake-indexeddb';
import { BehaviorSubject, Subject } from 'rxjs';
import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { type OptimisticChange } from '../hub/optimistic-change';
import { IndexedDbQueueStorage } from './indexeddb-queue-storage';
import { LocalStorageQueueStorage } from './local-storage-queue-storage';
import { MemoryQueueStorage } from './memory-queue-storage';
import type { OfflineActionHandler } from './offline-action-handler';
import type { QueueChange } from './offline-queue-storage';
import type { EnqueuedAction } from './offline-queue-options';
import { permanentError } from './offline-permanent-error';
import { BroadcastChannelCoordinator } from './broadcast-channel-coordinator';
import { FakeBroadcastNetwork } from './testing-internal/fake-broadcast-network';
import { FakeCacheBridge } from './testing-internal/fake-cache-bridge';
import { FakeServer } from './testing-internal/fake-server';
import { FakeWebStorage } from './testing-internal/fake-web-storage';
import { flushAsyncWork } from './testing-internal/flush-async-work';
import { LATENCY, replayEverything, waitFor } from './testing-internal/time-steps';
import { installStructuredClone } from './testing-internal/install-structured-clone';
import { envelope, storedAction } from './testing-internal/queue-storage-contract';
import { current, sequentialIds, startQueue } from './testing-internal/queue-test-kit';

installStructuredClone();

interface StockUpdate {
  readonly sku: string;
  readonly stock: number;
}

/** The cache edit a stock update shows until it syncs. */
const showStock = (p: StockUpdate): OptimisticChange => [{ key: `products:detail-${p.sku}`, update: (v) => ({ ...(v as object), stock: p.stock }) }];

describe('OfflineQueue', () => {
  const settle = () => flushAsyncWork();
  const completeRequest = () => waitFor(LATENCY);
  const waitForBackoff = (ms: number) => waitFor(ms);

  let server: FakeServer;
  let storage: MemoryQueueStorage;
  let handlers: Record<string, OfflineActionHandler>;
  const offline = () => new BehaviorSubject(false);
  const start = (options: Parameters<typeof startQueue>[0] = {}) => startQueue({ storage, handlers, ...options });
  const skus = () => server.appliedLog.map((entry) => (entry.payload as StockUpdate).sku);
  const update = (sku: string, stock = 1, extra: object = {}) => ({ type: 'stock/update', payload: { sku, stock }, ...extra });

  beforeEach(() => {
    jest.useFakeTimers();
    server = new FakeServer();
    storage = new MemoryQueueStorage();
    handlers = { 'stock/update': server.handler<StockUpdate>('stock/update', { optimistic: showStock }) };
  });

  afterEach(() => jest.useRealTimers());

  describe('enqueue', () => {
    it('stores the action before showing its optimistic change', async () => {
      const web = new FakeWebStorage();
      const { queue, bridge } = start({ storage: new LocalStorageQueueStorage({ storage: web }), online$: offline(), generateId: () => 'first' });
      const storedWhenShown: unknown[] = [];
      bridge.onOptimistic = () => storedWhenShown.push(JSON.parse(web.getItem('ngx-cache-hub:offline:queue:alice') ?? 'null'));

      await queue.enqueue(update('p1', 4));

      expect(storedWhenShown).toEqual([expect.objectContaining({ actions: [expect.objectContaining({ id: 'first', status: 'pending' })] })]);
      expect(bridge.read('products:detail-p1')).toEqual({ stock: 4 });
    });

    it('returns the action with its id, scope, creation time, order, zero attempts and pending status', async () => {
      const { queue } = start({ online$: offline(), now: () => 1234 });
      const { durable, ...queued } = await queue.enqueue(update('p1'));
      expect(queued).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'stock/update',
        payload: { sku: 'p1', stock: 1 },
        createdAt: 1234,
        order: 1234,
        attempts: 0,
        status: 'pending',
        scope: 'alice',
      });
      expect(durable).toBe(true);
      expect(current(queue.pending$)).toEqual([queued]);
    });

    it('rejects an unregistered action type with UnknownActionType and stores nothing', async () => {
      const { queue } = start();
      await expect(queue.enqueue({ type: 'stock/teleport', payload: {} })).rejects.toMatchObject({
        code: CacheHubErrorCode.UnknownActionType,
        message: expect.stringContaining('"stock/teleport"'),
      });
      expect((await storage.update('alice')).actions).toEqual([]);
    });

    it('refuses a handler for a type reserved for the queue own records, at register and in the options', () => {
      const { queue } = start();
      expect(() => queue.register('ngx-cache-hub/remap', server.handler('x'))).toThrow(
        expect.objectContaining({ code: CacheHubErrorCode.InvalidOption, message: expect.stringContaining('reserved') }),
      );
      expect(() => start({ handlers: { 'ngx-cache-hub/remap': server.handler('x') } })).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidOption }));
    });

    it.each([[''], [7], [null]])('rejects a create whose createsEntity.tempId() gives %p, storing nothing', async (tempId) => {
      handlers['products/create'] = { ...server.handler('products/create'), createsEntity: { entityType: 'products', tempId: () => tempId as string, serverId: () => 1 } };
      const { queue } = start();
      await expect(queue.enqueue({ type: 'products/create', payload: { name: 'Lamp' } })).rejects.toMatchObject({
        code: CacheHubErrorCode.InvalidActionPayload,
        message: expect.stringContaining('non-empty string'),
      });
      expect((await storage.update('alice')).actions).toEqual([]);
    });

    it('rejects a payload that is not plain JSON data and stores nothing', async () => {
      const { queue } = start();
      await expect(queue.enqueue({ type: 'stock/update', payload: { at: new Date() } })).rejects.toMatchObject({ code: CacheHubErrorCode.InvalidActionPayload });
      await expect(queue.enqueue({ type: 'stock/update', payload: JSON.parse('{"__proto__":{"admin":true}}') })).rejects.toMatchObject({ code: CacheHubErrorCode.ForbiddenKey });
      expect((await storage.update('alice')).actions).toEqual([]);
    });

    it('refuses to queue while no user is signed in', async () => {
      const { queue } = start({ scope: () => null });
      await expect(queue.enqueue(update('p1'))).rejects.toMatchObject({ code: CacheHubErrorCode.NoUserScope, message: expect.stringContaining('without a user scope') });
    });

    it.each([[undefined], [''], [['alice']], [{}]])('counts a scope() of %p as nobody signed in: enqueue rejects and nothing is stored or sent', async (scope) => {
      const { queue } = start({ scope: () => scope as unknown as string });
      await expect(queue.enqueue(update('p1'))).rejects.toMatchObject({ code: CacheHubErrorCode.NoUserScope });
      await replayEverything();
      expect(server.requests).toEqual([]);
      expect((await storage.update('alice')).actions).toEqual([]);
    });

    it('shows a per-call optimistic change instead of the handler one', async () => {
      const { queue, bridge } = start({ online$: offline() });
      await queue.enqueue({ ...update('p1', 4), optimistic: [{ key: 'banner', update: () => 'saving…' }] });
      expect(bridge.read('banner')).toBe('saving…');
      expect(bridge.read('products:detail-p1')).toBeUndefined();
    });

    it('rejects after destroy', async () => {
      const { queue } = start();
      queue.destroy();
      await expect(queue.enqueue(update('p1'))).rejects.toMatchObject({ code: CacheHubErrorCode.HubDestroyed });
    });
  });

  describe('replay', () => {
    it('replays in FIFO order, one action at a time', async () => {
      let inFlight = 0;
      let mostInFlight = 0;
      handlers['stock/update'] = {
        execute: async (payload, context) => {
          mostInFlight = Math.max(mostInFlight, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 100));
          inFlight--;
          return server.receive('stock/update', payload, context);
        },
      };
      const { queue, online$ } = start({ online$: offline() });
      for (const sku of ['p1', 'p2', 'p3', 'p4', 'p5']) await queue.enqueue(update(sku));

      online$.next(true);
      await waitFor(1000);

      expect(skus()).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
      expect(mostInFlight).toBe(1);
      expect(current(queue.pending$)).toEqual([]);
    });

    it('waits while offline and replays once back online', async () => {
      const { queue, online$ } = start({ online$: offline() });
      await queue.enqueue(update('p1'));
      await waitFor(60_000);
      expect(server.requests).toEqual([]);

      online$.next(true);
      await completeRequest();
      expect(skus()).toEqual(['p1']);
    });

    it('starts no new attempt while paused and goes on when resumed', async () => {
      const { queue } = start();
      queue.pause();
      await queue.enqueue(update('p1'));
      await waitFor(60_000);
      expect(server.requests).toEqual([]);

      queue.resume();
      await completeRequest();
      expect(skus()).toEqual(['p1']);
    });

    it('commits the optimistic layer once the action synced and records when', async () => {
      const { queue, bridge } = start({ now: () => 5000 });
      expect(current(queue.lastSyncedAt$)).toBeNull();
      await queue.enqueue(update('p1', 4));
      await settle();
      expect(current(queue.syncing$)).toBe(true);

      await completeRequest();

      expect(bridge.log).toEqual(['optimistic#1', 'commit#1']);
      expect(current(queue.syncing$)).toBe(false);
      expect(current(queue.lastSyncedAt$)).toBe(5000);
    });

    it('sends the same idempotency key on every attempt, so the server applies the action once', async () => {
      server.willFail({ kind: 'network' }, { kind: 'lost-response' });
      const { queue } = start();
      const action = await queue.enqueue(update('p1'));

      await replayEverything();
      await waitForBackoff(10_000);

      expect(server.attemptsOf(action.id).map((r) => r.attempt)).toEqual([1, 2, 3]);
      expect(server.applied.get(action.id)).toBe(1);
      expect(current(queue.pending$)).toEqual([]);
    });

    it('retries transient failures with exponential backoff while later actions wait their turn', async () => {
      server.willFail({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });
      const { queue, online$ } = start({ online$: offline() });
      const first = await queue.enqueue(update('p1'));
      await queue.enqueue(update('p2'));
      online$.next(true);

      await completeRequest();
      expect(server.requests).toHaveLength(1);
      expect(current(queue.pending$).map((a) => [a.payload, a.status, a.attempts])).toEqual([
        [{ sku: 'p1', stock: 1 }, 'pending', 1],
        [{ sku: 'p2', stock: 1 }, 'pending', 0],
      ]);

      await waitForBackoff(999);
      expect(server.requests).toHaveLength(1);
      await waitForBackoff(1 + LATENCY);
      expect(server.requests).toHaveLength(2);
      await waitForBackoff(2000 + LATENCY);
      await completeRequest();

      expect(server.requests.map((r) => `${(r.payload as StockUpdate).sku}#${r.attempt}`)).toEqual(['p1#1', 'p1#2', 'p1#3', 'p2#1']);
      const [a1, a2, a3] = server.attemptsOf(first.id).map((r) => r.at);
      expect([a2 - a1, a3 - a2]).toEqual([1000 + LATENCY, 2000 + LATENCY]);
      expect(skus()).toEqual(['p1', 'p2']);
    });

    it('waits as long as a 429 Retry-After says', async () => {
      server.willFail({ kind: 'status', status: 429, headers: { 'Retry-After': '5' } });
      const { queue } = start();
      await queue.enqueue(update('p1'));
      await completeRequest();

      await waitForBackoff(4999);
      expect(server.requests).toHaveLength(1);
      await waitForBackoff(1 + LATENCY);
      expect(server.requests).toHaveLength(2);
      expect(skus()).toEqual(['p1']);
    });

    it('waits at most an hour for a Retry-After beyond it (30 days), never a hot loop', async () => {
      server.willFail({ kind: 'status', status: 503, headers: { 'Retry-After': '2592000' } });
      const { queue } = start();
      await queue.enqueue(update('p1'));
      await completeRequest();

      await waitForBackoff(60_000);
      expect(server.requests).toHaveLength(1);
      await waitForBackoff(3_600_000 - 60_000 + LATENCY);
      expect(server.requests).toHaveLength(2);
      expect(skus()).toEqual(['p1']);
    });

    it('retries at once when the connection comes back instead of waiting out the backoff', async () => {
      server.willFail({ kind: 'network' });
      const { queue, online$ } = start();
      await queue.enqueue(update('p1'));
      await completeRequest(); // failed: 1 s backoff

      online$.next(false);
      await waitFor(100);
      online$.next(true);
      await completeRequest();

      const [first, second] = server.requests.map((r) => r.at);
      expect(second - first).toBe(100 + LATENCY);
      expect(skus()).toEqual(['p1']);
    });

    it('moves a permanently failing action to failed$, rolls its layer back and goes on with the next', async () => {
      server.willFail({ kind: 'status', status: 422 });
      const { queue, bridge, online$ } = start({ online$: offline() });
      await queue.enqueue(update('p1', 4));
      await queue.enqueue(update('p2', 7));
      bridge.log.length = 0;
      const failedLists: unknown[][] = [];
      queue.failed$.subscribe((failed) => failedLists.push(failed.map((a) => (a.payload as StockUpdate).sku)));

      online$.next(true);
      await replayEverything();

      expect(current(queue.failed$)).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, error: { message: 'HTTP 422', status: 422, name: 'Error' } })]);
      expect(failedLists).toEqual([[], ['p1']]);
      expect(bridge.read('products:detail-p1')).toBeUndefined();
      expect(bridge.log).toEqual(['rollback#1', 'commit#2']);
      expect(skus()).toEqual(['p2']);
    });

    it('treats an error the handler marks with permanentError() as permanent at once', async () => {
      handlers['stock/update'] = {
        execute: async () => {
          throw permanentError(new Error('this product was deleted'));
        },
      };
      const { queue } = start();
      await queue.enqueue(update('p1'));
      await settle();
      expect(current(queue.failed$)).toEqual([expect.objectContaining({ attempts: 1, error: expect.objectContaining({ message: 'this product was deleted' }) })]);
    });

    it('holds later actions behind a failed blocking action until it is discarded', async () => {
      server.willFail({ kind: 'status', status: 409 });
      const { queue, online$ } = start({ online$: offline() });
      const blocker = await queue.enqueue(update('p1', 1, { blocking: true }));
      await queue.enqueue(update('p2'));
      online$.next(true);
      await replayEverything();

      expect(current(queue.failed$).map((a) => a.id)).toEqual([blocker.id]);
      expect(current(queue.pending$)).toHaveLength(1);
      expect(server.requests).toHaveLength(1);

      await expect(queue.discard(blocker.id)).resolves.toBe(true);
      await replayEverything();
      expect(skus()).toEqual(['p2']);
      expect(current(queue.failed$)).toEqual([]);
    });

    it('retry() puts a failed action back at its place and replays it with the same key', async () => {
      server.willFail({ kind: 'status', status: 409 });
      const { queue, bridge, online$ } = start({ online$: offline() });
      const blocker = await queue.enqueue(update('p1', 4, { blocking: true }));
      await queue.enqueue(update('p2'));
      online$.next(true);
      await replayEverything();
      expect(bridge.read('products:detail-p1')).toBeUndefined();

      await expect(queue.retry(blocker.id)).resolves.toBe(true);
      expect(bridge.read('products:detail-p1')).toEqual({ stock: 4 });
      await replayEverything();

      expect(server.requests.map((r) => `${(r.payload as StockUpdate).sku}#${r.attempt}`)).toEqual(['p1#1', 'p1#1', 'p2#1']);
      expect(server.attemptsOf(blocker.id)).toHaveLength(2);
      expect(skus()).toEqual(['p1', 'p2']);
      expect(current(queue.failed$)).toEqual([]);
    });

    it('discard() drops a failed action from storage too, and leaves other actions alone', async () => {
      server.willFail({ kind: 'status', status: 400 });
      const { queue } = start();
      const failing = await queue.enqueue(update('p1'));
      await replayEverything();

      await expect(queue.retry('no-such-id')).resolves.toBe(false);
      await expect(queue.discard(failing.id)).resolves.toBe(true);
      await expect(queue.discard(failing.id)).resolves.toBe(false);
      expect((await storage.update('alice')).actions).toEqual([]);
    });

    it('gives up after maxAttempts transient failures', async () => {
      server.willFail(...Array.from({ length: 5 }, () => ({ kind: 'status', status: 503 }) as const));
      const { queue } = start({ maxAttempts: 2 });
      await queue.enqueue(update('p1'));
      await replayEverything();
      await waitForBackoff(1000 + LATENCY);

      expect(server.requests).toHaveLength(2);
      expect(current(queue.failed$)).toEqual([expect.objectContaining({ attempts: 2, error: expect.objectContaining({ status: 503 }) })]);
    });

    it('aborts an attempt that outlives attemptTimeoutMs and retries it', async () => {
      const signals: AbortSignal[] = [];
      handlers['stock/update'] = {
        execute: (payload, context) => {
          signals.push(context.signal);
          return signals.length === 1 ? new Promise(() => undefined) : Promise.resolve(server.receive('stock/update', payload, context));
        },
      };
      const { queue } = start({ attemptTimeoutMs: 2000 });
      await queue.enqueue(update('p1'));

      await waitFor(1999);
      expect(signals[0].aborted).toBe(false);
      await waitFor(1);
      expect(signals[0].reason).toMatchObject({ name: 'TimeoutError' });
      await waitForBackoff(1000);

      expect(signals).toHaveLength(2);
      expect(skus()).toEqual(['p1']);
    });

    it('fails an action whose handler is gone after a reload, visibly, and goes on with the next', async () => {
      handlers['legacy/op'] = server.handler('legacy/op');
      const before = start({ online$: offline() });
      await before.queue.enqueue({ type: 'legacy/op', payload: {} });
      await before.queue.enqueue(update('p1'));
      before.queue.destroy();
      delete handlers['legacy/op'];

      const after = start();
      await replayEverything();

      expect(current(after.queue.failed$)).toEqual([expect.objectContaining({ type: 'legacy/op', error: expect.objectContaining({ code: CacheHubErrorCode.UnknownActionType }) })]);
      expect(skus()).toEqual(['p1']);
    });

    it('shows and replays waiting actions of a type registered after start', async () => {
      const before = start({ online$: offline() });
      await before.queue.enqueue(update('p1', 4));
      before.queue.destroy();
      const lateHandler = handlers['stock/update'];
      handlers = {};

      const after = start({ online$: offline() });
      await settle();
      expect(after.bridge.read('products:detail-p1')).toBeUndefined();
      after.queue.register('stock/update', lateHandler);
      await settle();
      expect(after.bridge.read('products:detail-p1')).toEqual({ stock: 4 });
      after.online$.next(true);
      await replayEverything();
      expect(skus()).toEqual(['p1']);
    });
  });

  describe('temporary ids', () => {
    interface Create {
      tempId: string;
      name: string;
    }
    interface Change {
      id: string | number;
      changes?: object;
    }

    beforeEach(() => {
      handlers['products/create'] = server.handler<Create>('products/create', {
        creates: 'products',
        optimistic: (p) => [{ key: `products:detail-${p.tempId}`, update: () => ({ id: p.tempId, name: p.name }) }],
      });
      handlers['products/update'] = server.handler<Change>('products/update', {
        optimistic: (p) => [{ key: `products:detail-${p.id}`, update: (v) => ({ ...(v as object), ...p.changes }) }],
      });
      handlers['products/delete'] = server.handler<Change>('products/delete');
    });

    const createLamp = { type: 'products/create', payload: { tempId: 'tmp-1', name: 'Lamp' } };
    const restockLamp = { type: 'products/update', payload: { id: 'tmp-1', changes: { stock: 3 } } };
    const deleteLamp = { type: 'products/delete', payload: { id: 'tmp-1' } };

    it('sends an update with the server id of a re-create that synced after an earlier create of the temp id was refused', async () => {
      const { queue, online$ } = start({ online$: offline() });
      server.willFail({ kind: 'status', status: 422 });
      await queue.enqueue(createLamp);
      online$.next(true);
      await replayEverything(); // the first create is refused: it stays in failed$
      expect(current(queue.failed$).map((a) => a.type)).toEqual(['products/create']);

      await queue.enqueue(createLamp); // the app reuses tmp-1 for its next create
      await queue.enqueue(restockLamp);
      await replayEverything();

      expect(server.appliedLog.map((e) => [e.type, e.payload])).toEqual([
        ['products/create', { tempId: 'tmp-1', name: 'Lamp' }],
        ['products/update', { id: 100, changes: { stock: 3 } }],
      ]);
    });

    it.each([[undefined], [null], [''], [NaN], [{ id: 1 }], ['tmp-1']])(
      'reports a create whose serverId() gives %p (ActionFailed) and writes no remap of it into later actions',
      async (serverId) => {
        const create = handlers['products/create'];
        handlers['products/create'] = { ...create, createsEntity: { ...create.createsEntity!, serverId: () => serverId as string } };
        const { queue, online$, errors } = start({ online$: offline() });
        await queue.enqueue(createLamp);
        await queue.enqueue(restockLamp);
        online$.next(true);
        await replayEverything();

        expect(errors).toEqual([expect.objectContaining({ code: CacheHubErrorCode.ActionFailed, message: expect.stringContaining('serverId()') })]);
        expect(server.appliedLog.map((e) => e.payload)).toEqual([createLamp.payload, restockLamp.payload]);
        expect((await storage.update('alice')).actions).toEqual([]);
      },
    );

    it('remaps the temp id across create, update and delete of one entity', async () => {
      const { queue, bridge, online$ } = start({ online$: offline() });
      await queue.enqueue(createLamp);
      await queue.enqueue(restockLamp);
      await queue.enqueue(deleteLamp);
      expect(current(queue.pending$)[0].tempIds).toEqual(['tmp-1']);
      expect(bridge.read('products:detail-tmp-1')).toEqual({ id: 'tmp-1', name: 'Lamp', stock: 3 });

      online$.next(true);
      await completeRequest(); // the create synced; the update is on its way

      expect(bridge.calls('remap')).toEqual(['remap products tmp-1->100']);
      expect(bridge.log.indexOf('remap products tmp-1->100')).toBeLessThan(bridge.log.indexOf('commit#1'));
      expect(bridge.read('products:detail-tmp-1')).toBeUndefined();
      expect(bridge.read('products:detail-100')).toEqual({ stock: 3 });

      await replayEverything();
      expect(server.appliedLog.map((e) => [e.type, e.payload])).toEqual([
        ['products/create', { tempId: 'tmp-1', name: 'Lamp' }],
        ['products/update', { id: 100, changes: { stock: 3 } }],
        ['products/delete', { id: 100 }],
      ]);
      expect(bridge.liveLayers).toBe(0);
      // What stays is the remap, for actions other tabs save later still holding tmp-1.
      expect((await storage.update('alice')).actions.map((a) => [a.type, a.payload])).toEqual([
        ['ngx-cache-hub/remap', { entityType: 'products', tempId: 'tmp-1', serverId: 100, since: expect.any(Number) }],
      ]);
    });

    it('stores the rewritten actions, so a reload after the create synced still sends the server id', async () => {
      server.willFail(undefined, { kind: 'network' });
      const before = start();
      await before.queue.enqueue(createLamp);
      await before.queue.enqueue(restockLamp);
      await replayEverything(); // create synced, update failed once and waits for its backoff
      before.queue.destroy();

      const after = start({ bridge: new FakeCacheBridge() });
      await settle();
      expect(current(after.queue.pending$).map((a) => a.payload)).toEqual([{ id: 100, changes: { stock: 3 } }]);
      expect(after.bridge.read('products:detail-100')).toEqual({ stock: 3 });
      await replayEverything();
      expect(server.appliedLog.map((e) => e.payload)).toEqual([
        { tempId: 'tmp-1', name: 'Lamp' },
        { id: 100, changes: { stock: 3 } },
      ]);
    });

    it('uses the server id for an action enqueued with the temp id after its create synced', async () => {
      const { queue } = start();
      await queue.enqueue(createLamp);
      await replayEverything();
      const late = await queue.enqueue(deleteLamp);
      expect(late.payload).toEqual({ id: 100 });
    });
  });

  describe('reloads', () => {
    it('resumes after a reload: a new queue over the same IndexedDB re-applies layers and replays', async () => {
      const factory = new IDBFactory();
      const before = start({ storage: new IndexedDbQueueStorage({ indexedDB: factory }), online$: offline() });
      const first = await before.queue.enqueue(update('p1', 4));
      const second = await before.queue.enqueue(update('p2', 9));
      before.queue.destroy();

      const after = start({ storage: new IndexedDbQueueStorage({ indexedDB: factory }), online$: offline() });
      await settle();
      expect(current(after.queue.pending$).map((a) => a.id)).toEqual([first.id, second.id]);
      expect(after.bridge.read('products:detail-p1')).toEqual({ stock: 4 });
      expect(after.bridge.read('products:detail-p2')).toEqual({ stock: 9 });

      after.online$.next(true);
      await replayEverything();
      expect(skus()).toEqual(['p1', 'p2']);
      expect(after.bridge.calls('commit')).toHaveLength(2);
      expect(current(after.queue.pending$)).toEqual([]);
    });

    it('applies an action once when the tab died after the server applied it but before the answer', async () => {
      const before = start();
      const action = await before.queue.enqueue(update('p1'));
      await waitFor(LATENCY / 2); // the request is on its way
      before.queue.destroy();
      await waitFor(LATENCY); // the server applies it; nobody hears the answer
      expect(server.applied.get(action.id)).toBe(1);
      expect((await storage.update('alice')).actions).toEqual([expect.objectContaining({ status: 'syncing' })]);

      const after = start();
      await replayEverything();
      expect(server.attemptsOf(action.id)).toHaveLength(2);
      expect(server.applied.get(action.id)).toBe(1);
      expect(current(after.queue.pending$)).toEqual([]);
    });

    it('shows an action left mid-request by a dead tab as pending again, not syncing', async () => {
      const before = start();
      await before.queue.enqueue(update('p1'));
      await waitFor(LATENCY / 2);
      expect(current(before.queue.syncing$)).toBe(true);
      before.queue.destroy();

      const after = start({ online$: offline() });
      await settle();
      expect(current(after.queue.pending$).map((a) => [a.status, a.attempts])).toEqual([['pending', 1]]);
      expect(current(after.queue.syncing$)).toBe(false);
    });

    it('waits for start() when autoStart is false', async () => {
      await storage.update('alice', () => [storedAction('a1', 'alice', { payload: { sku: 'p1', stock: 1 } })]);
      const { queue } = start({ autoStart: false });
      await settle();
      expect(current(queue.pending$)).toEqual([]);
      await queue.start();
      await replayEverything();
      expect(skus()).toEqual(['p1']);
    });
  });

  describe('user scopes', () => {
    it('never replays one user’s actions under another user', async () => {
      let user: string | null = 'alice';
      const { queue, bridge, online$ } = start({ scope: () => user, online$: offline() });
      const alices = await queue.enqueue(update('alice-edit', 4));

      user = 'bob';
      await queue.refreshScope();
      expect(current(queue.pending$)).toEqual([]);
      expect(bridge.log).toEqual(['optimistic#1', 'rollback#1']);
      await queue.enqueue(update('bob-edit'));
      online$.next(true);
      await replayEverything();
      expect(skus()).toEqual(['bob-edit']);

      user = 'alice';
      await queue.refreshScope();
      await replayEverything();
      expect(skus()).toEqual(['bob-edit', 'alice-edit']);
      expect(server.attemptsOf(alices.id)).toHaveLength(1);
    });

    it('stops before the next attempt when the user changed without notice', async () => {
      let user = 'alice';
      const { queue } = start({ scope: () => user });
      await queue.enqueue(update('p1'));
      await queue.enqueue(update('p2'));
      await waitFor(LATENCY / 2);
      user = 'mallory';
      await replayEverything();

      expect(server.requests.map((r) => (r.payload as StockUpdate).sku)).toEqual(['p1']);
      expect(current(queue.pending$)).toEqual([]);
      expect((await storage.update('alice')).actions.map((a) => (a.payload as StockUpdate).sku)).toEqual(['p1', 'p2']);
    });

    it('does not send a user’s actions when the user changed silently while offline', async () => {
      let user = 'alice';
      const { queue, online$ } = start({ scope: () => user, online$: offline() });
      await queue.enqueue(update('p1'));
      user = 'mallory';

      online$.next(true);
      await replayEverything();

      expect(server.requests).toEqual([]);
      expect(current(queue.pending$)).toEqual([]);
    });

    it('loads and replays nothing while nobody is signed in', async () => {
      await storage.update('alice', () => [storedAction('a1')]);
      const { queue } = start({ scope: () => null });
      await replayEverything();
      expect(current(queue.pending$)).toEqual([]);
      expect(server.requests).toEqual([]);
    });

    it('switches scope when scopeChanges$ emits', async () => {
      let user = 'alice';
      const scopeChanges$ = new Subject<void>();
      await storage.update('bob', () => [storedAction('b1', 'bob', { payload: { sku: 'p9', stock: 1 } })]);
      const { queue } = start({ scope: () => user, scopeChanges$, online$: offline() });
      await settle();
      user = 'bob';
      scopeChanges$.next();
      await settle();
      expect(current(queue.pending$).map((a) => a.id)).toEqual(['b1']);
    });

    it('clearScope() removes a user’s stored queue and rolls back its layers', async () => {
      const { queue, bridge } = start({ online$: offline() });
      await queue.enqueue(update('p1', 4));
      await storage.update('bob', () => [storedAction('b1', 'bob')]);

      await queue.clearScope('alice');

      expect(current(queue.pending$)).toEqual([]);
      expect(bridge.read('products:detail-p1')).toBeUndefined();
      expect((await storage.update('alice')).actions).toEqual([]);
      expect((await storage.update('bob')).actions).toHaveLength(1);
    });
  });

  describe('storage trouble', () => {
    it('keeps an action in memory when storage is full, reports StorageFull, and stores it once there is room', async () => {
      const web = new FakeWebStorage();
      const { queue, bridge, errors, online$ } = start({ storage: new LocalStorageQueueStorage({ storage: web }), online$: offline(), generateId: sequentialIds() });
      await queue.enqueue(update('p1'));
      web.quotaChars = 0;

      const kept = await queue.enqueue(update('p2', 5));

      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.StorageFull]);
      expect(current(queue.pending$).map((a) => a.id)).toEqual(['a1', kept.id]);
      expect(bridge.read('products:detail-p2')).toEqual({ stock: 5 });
      expect(web.getItem('ngx-cache-hub:offline:queue:alice')).not.toContain(kept.id);

      web.quotaChars = Infinity;
      online$.next(true);
      await completeRequest();
      expect(JSON.parse(web.getItem('ngx-cache-hub:offline:queue:alice') ?? '{}').actions.map((a: { id: string }) => a.id)).toEqual(['a2']);
      await replayEverything();
      await queue.enqueue(update('p3'));
      await replayEverything();
      expect(skus()).toEqual(['p1', 'p2', 'p3']);
      expect(server.requests).toHaveLength(3);
      expect(current(queue.pending$)).toEqual([]);
      expect(web.getItem('ngx-cache-hub:offline:queue:alice')).toBeNull();
    });

    it('counts what only memory holds on unsaved$ and retries saving with backoff, reporting StorageFull once', async () => {
      const web = new FakeWebStorage();
      const { queue, errors } = start({ storage: new LocalStorageQueueStorage({ storage: web }), online$: offline(), generateId: sequentialIds() });
      await queue.enqueue(update('p1'));
      web.quotaChars = 0;
      await queue.enqueue(update('p2', 5));
      await queue.enqueue(update('p3', 6));
      expect(current(queue.unsaved$)).toBe(2);

      await jest.advanceTimersByTimeAsync(1000 + 2000 + 4000);
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.StorageFull]);
      expect(current(queue.unsaved$)).toBe(2);

      web.quotaChars = Infinity;
      await jest.advanceTimersByTimeAsync(8000);
      expect(current(queue.unsaved$)).toBe(0);
      expect(JSON.parse(web.getItem('ngx-cache-hub:offline:queue:alice') ?? '{}').actions.map((a: { id: string }) => a.id)).toEqual(['a1', 'a2', 'a3']);
      queue.destroy();
      expect(jest.getTimerCount()).toBe(0);
    });

    it('saves the changes of a user who signed out while storage was full, once it has room', async () => {
      const web = new FakeWebStorage();
      let user: string | null = 'alice';
      const { queue } = start({ storage: new LocalStorageQueueStorage({ storage: web }), online$: offline(), scope: () => user, generateId: sequentialIds() });
      await queue.enqueue(update('p1'));
      web.quotaChars = 0;
      await queue.enqueue(update('p2'));
      user = 'bob';
      await queue.refreshScope();
      expect(current(queue.unsaved$)).toBe(1);

      web.quotaChars = Infinity;
      await jest.advanceTimersByTimeAsync(2000);
      expect(current(queue.unsaved$)).toBe(0);
      expect(JSON.parse(web.getItem('ngx-cache-hub:offline:queue:alice') ?? '{}').actions.map((a: { id: string }) => a.id)).toEqual(['a1', 'a2']);
    });

    it('forgets the unsaved changes of a signed-out user on clearScope', async () => {
      const web = new FakeWebStorage();
      let user: string | null = 'alice';
      const { queue } = start({ storage: new LocalStorageQueueStorage({ storage: web }), online$: offline(), scope: () => user });
      web.quotaChars = 0;
      await queue.enqueue(update('p1'));
      user = null;
      await queue.refreshScope();
      expect(current(queue.unsaved$)).toBe(1);
      await queue.clearScope('alice');
      expect(current(queue.unsaved$)).toBe(0);
    });

    it('quarantines corrupt stored records, reports them and replays only the valid ones', async () => {
      const records = new Map<string, unknown>([
        ['alice', envelope('alice', [storedAction('a1', 'alice', { payload: { sku: 'p1', stock: 2 } }), { id: 'x', type: 42 }, storedAction('m1', 'mallory')])],
      ]);
      storage = new MemoryQueueStorage({ records });
      const { queue, errors } = start();
      await replayEverything();

      expect(errors).toEqual([expect.objectContaining({ code: CacheHubErrorCode.CorruptStoredQueue, message: expect.stringContaining('2 stored offline record(s)') })]);
      expect(skus()).toEqual(['p1']);
      expect((await storage.quarantined('alice')).map((q) => q.reason)).toEqual(['missing type', 'belongs to another user scope']);
      await expect(queue.enqueue(update('p2'))).resolves.toMatchObject({ status: 'pending' });
    });

    it('keeps an action in memory while storage cannot be read, reporting it, and sends nothing until it can be read', async () => {
      let broken = true;
      const flaky = {
        update: (scope: string, change?: QueueChange) => (broken ? Promise.reject(new DOMException('denied', 'SecurityError')) : storage.update(scope, change)),
        clear: async () => undefined,
        quarantined: async () => [],
      };
      await storage.update('alice', () => [storedAction('earlier', 'alice', { payload: { sku: 'p0', stock: 1 } })]);
      const { queue, errors } = start({ storage: flaky });
      const later = await queue.enqueue(update('p1'));
      await replayEverything();
      expect(later.durable).toBe(false);
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.StorageUnavailable]);
      expect(server.requests).toEqual([]); // an earlier action may be stored: it must go first

      broken = false;
      await waitForBackoff(1000);
      await replayEverything();
      expect(skus()).toEqual(['p0', 'p1']);
    });

    it('gives up on a storage call that never settles (StorageUnavailable), then sends once storage answers again', async () => {
      let hangs = true;
      const stuck = {
        update: (scope: string, change?: QueueChange) => (hangs ? new Promise<never>(() => undefined) : storage.update(scope, change)),
        clear: async () => undefined,
        quarantined: async () => [],
      };
      const { queue, errors } = start({ storage: stuck });
      let enqueued: EnqueuedAction<unknown> | undefined;
      void queue.enqueue(update('p1')).then((result) => (enqueued = result));
      // The load, the write and the read after it each time out in turn.
      for (let timeouts = 0; timeouts < 6 && !enqueued; timeouts++) await waitFor(10_000);
      expect(enqueued).toMatchObject({ durable: false });
      expect(errors.map((e) => [e.code, e.message.includes('did not settle within 10000 ms')])).toContainEqual([CacheHubErrorCode.StorageUnavailable, true]);
      expect(server.requests).toEqual([]);

      hangs = false;
      await waitForBackoff(10_000);
      await replayEverything();
      expect(skus()).toEqual(['p1']);
      expect((await storage.update('alice')).actions).toEqual([]);
    });

    it('waits longer for a storage that is only slow: every call answering after 80 ms with storageTimeoutMs 50 still sends', async () => {
      const slow = {
        update: (scope: string, change?: QueueChange) =>
          new Promise<Awaited<ReturnType<typeof storage.update>>>((resolve) => setTimeout(() => resolve(storage.update(scope, change)), 80)),
        clear: async () => undefined,
        quarantined: async () => [],
      };
      const { queue } = start({ storage: slow, storageTimeoutMs: 50 });
      void queue.enqueue(update('p1'));
      for (let step = 0; step < 40 && skus().length === 0; step++) await waitFor(100); // timeouts, then waits of 100 ms and more
      expect(skus()).toEqual(['p1']);
    });

    it('is never woken after destroy() by a storage call timing out', async () => {
      const stuck = { update: () => new Promise<never>(() => undefined), clear: async () => undefined, quarantined: async () => [] };
      const { queue, errors } = start({ storage: stuck });
      void queue.enqueue(update('p1')).catch(() => undefined);
      await waitFor(0);
      queue.destroy();
      expect(jest.getTimerCount()).toBe(0);
      await waitFor(60_000);
      expect(errors).toEqual([]);
    });

    it('reports a failing cache bridge on errors$ without losing the action', async () => {
      const { queue, bridge, errors } = start();
      bridge.onOptimistic = () => {
        throw new Error('cache is gone');
      };
      await queue.enqueue(update('p1'));
      await replayEverything();
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.ActionFailed]);
      expect(skus()).toEqual(['p1']);
    });
  });

  describe('destroy', () => {
    it('leaves no timers, channels or subscriptions behind', async () => {
      const network = new FakeBroadcastNetwork();
      server.willFail({ kind: 'status', status: 503 });
      const online$ = new BehaviorSubject(true);
      const { queue } = start({ coordinator: new BroadcastChannelCoordinator({ broadcastChannel: network.factory }), online$ });
      await queue.enqueue(update('p1'));
      await replayEverything(); // failed once: a backoff timer and the election heartbeat are running
      expect(jest.getTimerCount()).toBeGreaterThan(0);

      let completed = false;
      queue.pending$.subscribe({ complete: () => (completed = true) });
      queue.destroy();

      expect(jest.getTimerCount()).toBe(0);
      expect(network.openChannels).toBe(0);
      expect(online$.observed).toBe(false);
      expect(completed).toBe(true);
    });
  });
});
