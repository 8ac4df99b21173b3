import { BehaviorSubject, Observable, of, Subject } from 'rxjs';
import {
  applyOptimistic,
  CacheHub,
  EntityStore,
  LiveSync,
  MemoryQueueStorage,
  OfflineQueue,
  RealtimeClient,
  UpdateBatcher,
  type ClientFrame,
  type RealtimeTransport,
} from 'ngx-cache-hub/core';
import { CacheInspector } from './cache-inspector';
import type { InspectorState } from './inspector-state';

const REFRESH_MS = 100;
const refresh = () => jest.advanceTimersByTimeAsync(REFRESH_MS);
const flushBatch = () => jest.advanceTimersByTimeAsync(20);

/** A two-way transport the test speaks through: `server.next(frame)` delivers a frame. */
function handTransport() {
  const server = new Subject<unknown>();
  const sent: ClientFrame[] = [];
  const transport: RealtimeTransport = {
    duplex: true,
    connect: (session) =>
      new Observable((subscriber) => {
        const subscription = server.subscribe(subscriber);
        session.opened();
        return () => subscription.unsubscribe();
      }),
    send: (frame) => void sent.push(frame),
  };
  return { transport, server, sent };
}

describe('CacheInspector', () => {
  let now: number;
  let hub: CacheHub;
  let store: EntityStore;
  let inspector: CacheInspector | undefined;
  let seq: number;

  beforeEach(() => {
    jest.useFakeTimers();
    now = 10_000;
    seq = 0;
    hub = new CacheHub({ retry: 0, now: () => now, gcTime: 60_000 });
    store = new EntityStore(hub);
    store.register('products');
  });

  afterEach(() => {
    inspector?.destroy();
    inspector = undefined;
    hub.destroy();
    jest.useRealTimers();
  });

  const updated = (id: string, changes: object, version: number) => ({
    type: 'ENTITY_UPDATED',
    epoch: 'e1',
    seq: ++seq,
    data: { entityType: 'products', entityId: id, changes, version },
  });

  function live(withBatcher: boolean, options: { maxFrames?: number; maxFrameRows?: number } = {}) {
    const { transport, server } = handTransport();
    const client = new RealtimeClient({ transport, subscribeAckTimeoutMs: 0 });
    const batcher = withBatcher ? new UpdateBatcher(hub, store, { debounceMs: 10, maxWaitMs: 50 }) : undefined;
    const sync = new LiveSync(hub, store, client, { sink: batcher, lingerMs: 0 });
    inspector = new CacheInspector({ hub, client, sync, batcher, transport: 'hand', heartbeatTimeoutMs: 30_000 }, { refreshMs: REFRESH_MS, now: () => now, ...options });
    return { client, server, batcher, sync };
  }

  it('lists entries with namespace, state, observers, age, version and size, without observing them', async () => {
    inspector = new CacheInspector({ hub }, { refreshMs: REFRESH_MS, now: () => now });
    const sub = hub.fetch('products:detail-1', () => of({ id: 1, version: 3, name: 'Lamp' })).subscribe();
    hub.set('orders:list-{}', [{ id: 'o1', version: 1 }]);
    now += 2_500;
    const state = inspector.state();
    expect(state.entryCount).toBe(2);
    expect(state.entries.find((row) => row.key === 'products:detail-1')).toMatchObject({
      namespace: 'products',
      state: 'stale',
      observers: 1,
      ageMs: 2_500,
      version: 'v3',
      size: JSON.stringify({ id: 1, version: 3, name: 'Lamp' }).length,
    });
    expect(state.entries.find((row) => row.key === 'orders:list-{}')).toMatchObject({ observers: 0, version: 'o1 v1' });
    expect(hub.isObserved('orders:list-{}')).toBe(false);
    sub.unsubscribe();
  });

  it('never keeps an entry alive: released entries are collected and their history goes with them', async () => {
    inspector = new CacheInspector({ hub }, { refreshMs: REFRESH_MS, now: () => now });
    const states: InspectorState[] = [];
    inspector.subscribe((state) => states.push(state));
    const sub = hub.watch('products:detail-1').subscribe();
    hub.set('products:detail-1', { id: 1, version: 1 });
    sub.unsubscribe();
    now += 61_000;
    await jest.advanceTimersByTimeAsync(61_000);
    expect(hub.inspect()).toEqual([]);
    expect(states.at(-1)?.entryCount).toBe(0);
    expect(inspector.detail('products:detail-1')).toBeUndefined();
  });

  it('filters entries by substring, glob or RegExp and caps the rows', () => {
    inspector = new CacheInspector({ hub }, { maxRows: 2, now: () => now });
    for (let i = 0; i < 5; i++) hub.set(`products:detail-${i}`, { id: i, version: 1 });
    hub.set('orders:detail-1', { id: 1, version: 1 });
    inspector.setFilter('orders');
    expect(inspector.state().entries.map((row) => row.key)).toEqual(['orders:detail-1']);
    inspector.setFilter('/^products:/');
    const state = inspector.state();
    expect(state.matchingCount).toBe(5);
    expect(state.entries).toHaveLength(2);
    inspector.setFilter('*detail-3');
    expect(inspector.state().entries.map((row) => row.key)).toEqual(['products:detail-3']);
  });

  it('says a /RegExp/ filter that does not compile is invalid, instead of showing no match', () => {
    inspector = new CacheInspector({ hub }, { now: () => now });
    hub.set('products:detail-1', { id: 1, version: 1 });
    for (const text of ['/(/', '/[/', '/a/zz']) {
      inspector.setFilter(text);
      expect(inspector.state()).toMatchObject({ filter: text, filterInvalid: true, matchingCount: 0 });
    }
    inspector.setFilter('/^products:/');
    expect(inspector.state()).toMatchObject({ filterInvalid: false, matchingCount: 1 });
    inspector.setFilter('(');
    expect(inspector.state()).toMatchObject({ filterInvalid: false, matchingCount: 0 });
  });

  it('records each change of an entry with its cause: fetch, pushed event (with the frame), optimistic layer, set', async () => {
    const { server } = live(false);
    const sub = hub.fetch('products:detail-p1', () => of({ id: 'p1', version: 1, stock: 5 })).subscribe();
    await refresh();
    server.next({ type: 'SUBSCRIBED', epoch: 'e1', seq, data: { entityType: 'products' } });
    server.next(updated('p1', { stock: 4 }, 2));
    await refresh();
    const layer = applyOptimistic(hub, [{ key: 'products:detail-p1', update: (p: any) => ({ ...p, stock: 0 }) }]);
    await refresh();
    hub.set('products:detail-p1', { id: 'p1', version: 2, stock: 4, note: 'by hand' });
    await refresh();

    const detail = inspector!.detail('products:detail-p1')!;
    const causes = detail.history.map((record) => record.cause);
    expect(causes.slice(0, 3)).toEqual(['set', 'layer', 'event']);
    expect(new Set(causes.slice(3))).toEqual(new Set(['fetch'])); // fetched without a position: refetched once live
    const eventRecord = detail.history[2];
    expect(eventRecord.changed).toEqual([{ id: 'p1', version: 2, change: 'changed' }]);
    const frame = inspector!.state().frames.find((candidate) => candidate.id === eventRecord.frames[0])!;
    expect(frame).toMatchObject({ type: 'ENTITY_UPDATED', entityId: 'p1', version: 2, seq: 1, epoch: 'e1', outcome: 'applied' });
    expect([...frame.keys]).toEqual(['products:detail-p1']);
    expect(inspector!.state().entries[0].layered).toBe(true);
    expect(inspector!.state().entries[0].version).toBe('v2');
    layer.rollback();
    sub.unsubscribe();
  });

  it('tells applied, coalesced, stale and unchanged frames apart through the batcher', async () => {
    const { server, batcher } = live(true);
    inspector!.subscribe(() => undefined); // a panel is open: the state is refreshed every REFRESH_MS
    const sub = hub.fetch('products:detail-p1', () => of({ id: 'p1', version: 5, stock: 5 })).subscribe();
    await refresh();
    server.next(updated('p1', { stock: 4 }, 6));
    server.next(updated('p1', { stock: 3 }, 7));
    server.next(updated('p1', { stock: 9 }, 4)); // older than the fetched v5
    server.next(updated('p9', { stock: 1 }, 1)); // nothing cached holds p9
    expect(inspector!.state().frames.map((frame) => frame.outcome)).toEqual(['buffered', 'buffered', 'buffered', 'buffered']);
    await flushBatch();
    await refresh();
    await refresh();
    const bySeq = new Map(inspector!.state().frames.map((frame) => [frame.seq, frame]));
    expect(bySeq.get(1)).toMatchObject({ outcome: 'coalesced', reason: 'folded into v7' });
    expect(bySeq.get(2)).toMatchObject({ outcome: 'applied' });
    expect(bySeq.get(3)?.outcome).toBe('coalesced');
    expect(bySeq.get(4)?.outcome).toBe('unchanged');
    expect(inspector!.state().batcher?.stats.framesIn).toBe(4);
    expect(inspector!.state().batcher?.flushes[0]).toMatchObject({ flushes: 1, keys: ['products:detail-p1'] });
    expect(hub.peek('products:detail-p1')).toMatchObject({ stock: 3 });
    // a later, older frame for the same entity: stale
    server.next(updated('p1', { stock: 1 }, 6));
    await flushBatch();
    await refresh();
    await refresh();
    expect(inspector!.state().frames[0]).toMatchObject({ seq: 5, outcome: 'stale' });
    batcher!.destroy();
    sub.unsubscribe();
  });

  it('sees every entity a flush wrote into a list in place, as one event change with its frames', async () => {
    const { server, batcher } = live(true);
    inspector!.subscribe(() => undefined);
    const list = [
      { id: 'p1', version: 1, stock: 1 },
      { id: 'p2', version: 1, stock: 1 },
      { id: 'p3', version: 1, stock: 1 },
    ];
    const sub = hub.fetch('products:list-{}', () => of(list)).subscribe();
    await refresh();
    server.next(updated('p1', { stock: 0 }, 2));
    server.next(updated('p3', { stock: 0 }, 2));
    await flushBatch();
    await refresh();
    const [last] = inspector!.detail('products:list-{}')!.history;
    expect(last.cause).toBe('event');
    expect(last.changed.map((entity) => `${entity.id} v${entity.version}`)).toEqual(['p1 v2', 'p3 v2']);
    expect(last.frames).toHaveLength(2);
    expect(inspector!.state().frames.map((frame) => frame.outcome)).toEqual(['applied', 'applied']);
    expect(inspector!.state().entries[0].version).toBe('p1 v2');
    batcher!.destroy();
    sub.unsubscribe();
  });

  it('settles frames nothing explains within two seconds even while the batcher always holds some', async () => {
    const { server, batcher } = live(true, { maxFrameRows: 300 });
    const sub = hub.watch('products:detail-p1').subscribe();
    await refresh();
    // p9 is cached nowhere; an update of it arrives every 20 ms, so the batcher is never empty for long
    for (let i = 1; i <= 300; i++) {
      server.next(updated('p9', { stock: i }, i));
      now += 20;
      await jest.advanceTimersByTimeAsync(20);
    }
    const frames = inspector!.state().frames;
    const old = frames.filter((frame) => frame.at < now - 2_000);
    expect(old.length).toBeGreaterThan(50);
    expect(old.filter((frame) => frame.outcome !== 'unchanged').map((f) => [f.seq, f.outcome, f.reason])).toEqual([]);
    batcher!.destroy();
    sub.unsubscribe();
  });

  it('logs malformed frames as dropped with the reason, and lists the errors', async () => {
    const { server } = live(false);
    const sub = hub.watch('products:detail-1').subscribe();
    await refresh();
    server.next('{not json');
    const state = inspector!.state();
    expect(state.frames[0]).toMatchObject({ outcome: 'dropped' });
    expect(state.frames[0].reason).toMatch(/ngx-cache-hub/);
    expect(state.errors[0].code).toBe(202);
    sub.unsubscribe();
  });

  it('shows the connection: status, transport, followed types with their position and epoch, reconnects', async () => {
    const { server } = live(false);
    const sub = hub.watch('products:list-{}').subscribe();
    await refresh(); // the connection opens once the (absent) token resolved
    server.next({ type: 'SUBSCRIBED', epoch: 'e7', seq: 41, data: { entityType: 'products' } });
    await refresh();
    expect(inspector!.state().connection).toMatchObject({
      status: 'connected',
      transport: 'hand',
      heartbeatTimeoutMs: 30_000,
      reconnects: 0,
      followed: [{ type: 'products', live: true, epoch: 'e7', seq: 41 }],
    });
    server.error(new Error('socket closed'));
    await jest.advanceTimersByTimeAsync(35_000);
    expect(inspector!.state().connection?.reconnects).toBeGreaterThanOrEqual(1);
    sub.unsubscribe();
  });

  it('stays bounded at 1 000 events/s: listeners hear at most once per refreshMs and only maxFrames are kept', async () => {
    const { server, batcher } = live(true, { maxFrames: 50 });
    const sub = hub.fetch('products:detail-p1', () => of({ id: 'p1', version: 0, stock: 0 })).subscribe();
    await refresh();
    let heard = 0;
    inspector!.subscribe(() => heard++);
    heard = 0;
    let version = 0;
    for (let ms = 0; ms < 1_000; ms++) {
      server.next(updated('p1', { stock: ms }, ++version));
      now++;
      await jest.advanceTimersByTimeAsync(1);
    }
    expect(heard).toBeLessThanOrEqual(1_000 / REFRESH_MS + 1);
    const state = inspector!.state();
    expect(state.frames.length).toBeLessThanOrEqual(50);
    expect(state.frames[0].seq).toBe(seq);
    expect(inspector!.detail('products:detail-p1')!.history.length).toBeLessThanOrEqual(30);
    expect(hub.peek('products:detail-p1')).toMatchObject({ stock: 999 });
    batcher!.destroy();
    sub.unsubscribe();
  });

  it('after 10 000 frames at 1 000/s keeps at most maxFrames, hands at most maxFrameRows to the view, counts them all, and emits once per refreshMs', async () => {
    const { server, batcher } = live(true, { maxFrames: 200, maxFrameRows: 20 });
    const sub = hub.fetch('products:detail-p1', () => of({ id: 'p1', version: 0, stock: 0 })).subscribe();
    await refresh();
    const heard: { at: number; frames: number; frameCount: number; kept: number }[] = [];
    inspector!.subscribe((state) => {
      const kept = Object.values(state.outcomes).reduce((sum, n) => sum + n, 0);
      heard.push({ at: now, frames: state.frames.length, frameCount: state.frameCount, kept });
    });
    const started = now;
    let version = 0;
    for (let ms = 0; ms < 10_000; ms += 10) {
      // ten frames every 10 ms: p1 (cached, applied or coalesced) and p9 (cached nowhere)
      for (let i = 0; i < 10; i++) server.next(i % 2 ? updated('p1', { stock: ms + i }, ++version) : updated('p9', { stock: i }, seq + 1));
      now += 10;
      await jest.advanceTimersByTimeAsync(10);
    }
    expect(seq).toBe(10_000);
    const state = inspector!.state();
    expect(state.frameCount).toBe(10_000);
    expect(state.frames).toHaveLength(20);
    expect(state.frames[0].seq).toBe(10_000);
    expect(Object.values(state.outcomes).reduce((sum, n) => sum + n, 0)).toBe(200);
    // never more than the caps, in any state a listener got
    expect(Math.max(...heard.map((entry) => entry.frames))).toBe(20);
    expect(Math.max(...heard.map((entry) => entry.kept))).toBe(200);
    // one state per refreshMs (the first one at subscribe), and the count grows between two of them
    const intervals = 10_000 / REFRESH_MS;
    expect(heard.length).toBeGreaterThanOrEqual(intervals);
    expect(heard.length).toBeLessThanOrEqual(intervals + 1);
    const perInterval = new Map<number, number>();
    for (const { at } of heard.slice(1)) perInterval.set(Math.ceil((at - started) / REFRESH_MS), (perInterval.get(Math.ceil((at - started) / REFRESH_MS)) ?? 0) + 1);
    expect(Math.max(...perInterval.values())).toBe(1);
    for (let i = 2; i < heard.length; i++) expect(heard[i].frameCount).toBeGreaterThan(heard[i - 1].frameCount);
    expect(hub.peek('products:detail-p1')).toMatchObject({ version });
    batcher!.destroy();
    sub.unsubscribe();
  });

  it('coalesces actions into one state at the next animation frame, also under a storm', async () => {
    const { server, batcher } = live(true);
    const sub = hub.fetch('products:detail-p1', () => of({ id: 'p1', version: 0, stock: 0 })).subscribe();
    await refresh();
    const filters: string[] = [];
    inspector!.subscribe((state) => filters.push(state.filter));
    filters.length = 0;
    for (let i = 1; i <= 100; i++) {
      server.next(updated('p1', { stock: i }, i));
      inspector!.setFilter(`products:${i}`);
    }
    inspector!.invalidate('nothing:*');
    expect(filters).toEqual([]); // nothing synchronously, per event or per action
    await jest.advanceTimersByTimeAsync(20); // one animation frame
    expect(filters).toEqual(['products:100']);
    await jest.advanceTimersByTimeAsync(REFRESH_MS - 20);
    expect(filters).toHaveLength(2); // then the periodic refresh only
    batcher!.destroy();
    sub.unsubscribe();
  });

  it('shows the offline queue per user: pending and failed actions, with retry and discard', async () => {
    const online$ = new BehaviorSubject(false);
    const queue = new OfflineQueue({
      bridge: { optimistic: () => ({ id: 0, commit: () => undefined, rollback: () => undefined }), remapEntityId: () => undefined },
      scope: () => 'alice',
      storage: new MemoryQueueStorage(),
      online$,
      backoff: () => 1_000,
      handlers: { rename: { execute: () => Promise.reject(Object.assign(new Error('Unprocessable'), { status: 422 })) } },
    });
    inspector = new CacheInspector({ hub, queue }, { now: () => now });
    const action = await queue.enqueue({ type: 'rename', payload: { id: 1, name: 'A' } });
    await jest.advanceTimersByTimeAsync(0);
    let offline = inspector.state().offline!;
    expect(offline.users).toEqual([{ scope: 'alice', pending: [expect.objectContaining({ id: action.id, type: 'rename', status: 'pending' })], inFlight: [], failed: [] }]);
    online$.next(true); // the server refuses it for good
    await jest.advanceTimersByTimeAsync(10);
    offline = inspector.state().offline!;
    expect(offline.users[0].failed.map((failed) => failed.id)).toEqual([action.id]);
    expect(offline.users[0].pending).toEqual([]);
    online$.next(false);
    expect(await inspector.retry(action.id)).toBe(true);
    await jest.advanceTimersByTimeAsync(0);
    expect(inspector.state().offline!.users[0].pending.map((pending) => pending.id)).toEqual([action.id]);
    queue.destroy();
  });

  it('lists an action being sent as in flight', async () => {
    const queue = new OfflineQueue({
      bridge: { optimistic: () => ({ id: 0, commit: () => undefined, rollback: () => undefined }), remapEntityId: () => undefined },
      scope: () => 'bob',
      storage: new MemoryQueueStorage(),
      handlers: { rename: { execute: () => new Promise<never>(() => undefined) } },
      attemptTimeoutMs: 0,
    });
    inspector = new CacheInspector({ hub, queue }, { now: () => now });
    const action = await queue.enqueue({ type: 'rename', payload: { id: 1 } });
    await jest.advanceTimersByTimeAsync(10);
    expect(inspector.state().offline).toMatchObject({
      syncing: true,
      users: [{ scope: 'bob', pending: [], inFlight: [expect.objectContaining({ id: action.id, status: 'syncing' })] }],
    });
    queue.destroy();
  });

  it('invalidates by pattern and refetches observed entries, and simulates offline through the sources', async () => {
    const simulated: boolean[] = [];
    inspector = new CacheInspector({ hub, simulateOffline: (offline) => simulated.push(offline) }, { now: () => now });
    let fetches = 0;
    const sub = hub.fetch('products:detail-1', () => of({ id: 1, version: ++fetches })).subscribe();
    hub.set('products:list-{}', []);
    expect(inspector.invalidate('/^products:/')).toBe(2);
    expect(fetches).toBe(2);
    expect(inspector.detail('products:detail-1')!.history[0]).toMatchObject({ cause: 'fetch', changed: [{ id: '1', version: 2, change: 'changed' }] });
    expect(hub.inspect().map((s) => s.key)).toEqual(['products:detail-1']); // the unobserved list was dropped
    inspector.refetch('products:detail-1');
    expect(fetches).toBe(3);
    expect(inspector.state().canSimulateOffline).toBe(true);
    inspector.simulateOffline(true);
    expect(inspector.state().simulatedOffline).toBe(true);
    inspector.destroy();
    expect(simulated).toEqual([true, false]);
    inspector = undefined;
    sub.unsubscribe();
  });

  it('leaves no timer, plugin or subscription after destroy', async () => {
    const { client } = live(false);
    inspector!.subscribe(() => undefined);
    inspector!.destroy();
    inspector = undefined;
    expect(jest.getTimerCount()).toBe(0);
    hub.set('a', 1);
    expect(hub.inspect()).toHaveLength(1);
    client.close();
  });
});
