import fc from 'fast-check';
import type { Observable, Subscription } from 'rxjs';
import { CacheHub } from '../hub/cache-hub';
import { detailKey, listKey } from '../entity/entity-key';
import { EntityStore } from '../entity/entity-store';
import { withStreamPosition } from '../hub/stream-position';
import { UpdateBatcher } from '../batching/update-batcher';
import { LiveSync } from './live-sync';
import { type Item, type ItemPage, ModelServer, type RestartMode, TYPE } from './testing-internal/model-server';
import { seededRandom, SimNetwork } from './testing-internal/sim-network';

/**
 * The cache equals the server after any schedule: a model server and the real client (hub,
 * entity store, realtime client, live sync, sometimes the batcher) on a simulated network that
 * delays, duplicates, drops and half-opens connections, and restarts the server keeping,
 * truncating or rolling back its history. At quiescence every cached detail and list equals what
 * a fresh fetch returns. SIMULATION_RUNS sets the number of schedules (default 1000).
 */

const RUNS = Number(process.env['SIMULATION_RUNS'] ?? 1000);
const IDS = ['1', '2', '3', '4'];
const GROUPS = [0, 1];
const LINGER_MS = 1000;
const PING_MS = 1000;
const HEARTBEAT_MS = 3000;
/** Long enough for reconnects (backoff at most 2 s), acks, refetches with retries and lingers to settle. */
const SETTLE_MS = 30_000;
const STEP_MS = 10;

type Key = { kind: 'list'; group?: number } | { kind: 'detail'; id: string };
type Command =
  | { kind: 'create'; id: string; group: number }
  | { kind: 'update'; id: string; n: number }
  | { kind: 'move'; id: string; group: number }
  | { kind: 'delete'; id: string }
  | { kind: 'observe'; key: Key }
  | { kind: 'release'; key: Key }
  | { kind: 'refetch'; key: Key }
  | { kind: 'advance'; ms: number }
  | { kind: 'drop' }
  | { kind: 'half-open' }
  | { kind: 'duplicate' }
  | { kind: 'checkpoint' }
  | { kind: 'restart'; mode: RestartMode; downMs: number };

const idArb = fc.constantFrom(...IDS);
const groupArb = fc.constantFrom(...GROUPS);
const keyArb: fc.Arbitrary<Key> = fc.oneof(
  fc.record({ kind: fc.constant('list' as const), group: fc.option(groupArb, { nil: undefined }) }),
  fc.record({ kind: fc.constant('detail' as const), id: idArb }),
);
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), id: idArb, group: groupArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('update' as const), id: idArb, n: fc.integer({ min: 1, max: 9 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('move' as const), id: idArb, group: groupArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), id: idArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('observe' as const), key: keyArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('release' as const), key: keyArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refetch' as const), key: keyArb }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 100, max: 4000 })) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'drop' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'half-open' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'checkpoint' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('restart' as const),
      mode: fc.constantFrom<RestartMode>('full', 'truncated', 'rolled-back'),
      downMs: fc.integer({ min: 0, max: 5000 }),
    }),
  },
);
const scheduleArb = fc.record({
  seed: fc.integer(),
  /** Whether REST answers say which stream position they reflect (without: the degraded mode). */
  positions: fc.boolean(),
  /** The longest delay of a frame or a REST call: a fast network, or one slower than the server's heartbeat. */
  latencyMs: fc.constantFrom(40, 400),
  /** A two-way transport (WebSocket) or one stream per connection (SSE). */
  oneWay: fc.boolean(),
  batching: fc.option(fc.record({ debounceMs: fc.integer({ min: 1, max: 30 }), maxWaitMs: fc.integer({ min: 30, max: 200 }) }), { nil: undefined }),
  commands: fc.array(commandArb, { maxLength: 40 }),
});

/** Runs the fake clock forward in small steps, letting promise callbacks run between them. */
async function advance(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= STEP_MS) {
    jest.advanceTimersByTime(Math.min(STEP_MS, left));
    for (let i = 0; i < 4; i++) await Promise.resolve();
  }
}

const hubKey = (key: Key) => (key.kind === 'detail' ? detailKey(TYPE, key.id) : listKey(TYPE, key.group === undefined ? {} : { group: key.group }));

function world(seed: number, batching: { debounceMs: number; maxWaitMs: number } | undefined, positions: boolean, latencyMs: number, oneWay = false) {
  const random = seededRandom(seed);
  const server = new ModelServer();
  const network = new SimNetwork(server, random, latencyMs, oneWay);
  const hub = new CacheHub({ staleTime: Infinity, retry: 2, retryDelay: () => 300, gcTime: 10 * 60_000 });
  const entities = new EntityStore(hub);
  entities.register(TYPE, {
    matches: (item: Item, params: { group?: number }) => params.group === undefined || item.group === params.group,
    sort: (a: Item, b: Item) => a.id.localeCompare(b.id),
    membershipFields: ['group'],
  });
  const batcher = batching && new UpdateBatcher(hub, entities, batching);
  // The client resumes each type from where its cached entries are current (LiveSync.connect wires it).
  const sync = LiveSync.connect(
    hub,
    entities,
    { transport: network.transport, heartbeatTimeoutMs: HEARTBEAT_MS, reconnect: { baseMs: 100, maxMs: 2000 }, random },
    { lingerMs: LINGER_MS, sink: batcher },
  );
  const client = sync.client;
  const pings = setInterval(() => server.ping(), PING_MS);
  const observers = new Map<string, Subscription[]>();

  const source = (key: Key): (() => Observable<unknown>) =>
    key.kind === 'detail'
      ? () =>
          network.rest(() => {
            const item = server.detail(key.id);
            return item && positions ? withStreamPosition({ ...item }, server.position) : item;
          })
      : () => network.rest(() => (positions ? server.list(key.group) : { ...server.list(key.group), position: undefined }));
  // A component showing the entry: its state stays observed when a fetch fails (the page shows the error).
  const observe = (key: Key) => {
    const subscription = hub.watchState(hubKey(key)).subscribe();
    subscription.add(hub.fetch(hubKey(key), source(key)).subscribe({ error: () => undefined }));
    observers.set(hubKey(key), [...(observers.get(hubKey(key)) ?? []), subscription]);
  };

  return {
    server,
    hub,
    run(command: Command): Promise<void> | void {
      switch (command.kind) {
        case 'create':
          return server.create(command.id, command.group);
        case 'update':
          return server.update(command.id, { n: command.n });
        case 'move':
          return server.update(command.id, { group: command.group });
        case 'delete':
          return server.delete(command.id);
        case 'observe':
          return observe(command.key);
        case 'release':
          return observers.get(hubKey(command.key))?.pop()?.unsubscribe();
        case 'refetch':
          return hub.refetch(hubKey(command.key));
        case 'advance':
          return advance(command.ms);
        case 'drop':
          return network.drop();
        case 'half-open':
          return network.halfOpen();
        case 'duplicate':
          return network.duplicate();
        case 'checkpoint':
          return server.checkpoint();
        case 'restart':
          server.restart(command.mode);
          network.severAll();
          network.down = true;
          setTimeout(() => (network.down = false), command.downMs);
          return;
      }
    },
    /** The keys something observes (with a value or not), or every cached key of the type. */
    checkedKeys(onlyObserved: boolean): string[] {
      const observed = [...observers].filter(([, subscriptions]) => subscriptions.length > 0).map(([key]) => key);
      return onlyObserved ? observed : [...new Set([...observed, ...hub.keys().filter((key) => key.startsWith(`${TYPE}:`))])];
    },
    /** Observes every cached key nobody observes, so that the type resumes them. */
    observeAll(): void {
      for (const key of hub.keys()) {
        if (!key.startsWith(`${TYPE}:`) || hub.isObserved(key)) continue;
        const detail = key.startsWith(`${TYPE}:detail-`);
        const parsed: Key = detail ? { kind: 'detail', id: key.slice(`${TYPE}:detail-`.length) } : { kind: 'list', ...JSON.parse(key.slice(`${TYPE}:list-`.length)) };
        observe(parsed);
      }
    },
    /** What a fresh fetch of `key` returns, as the cache should hold it. */
    truth(key: string): unknown {
      if (key.startsWith(`${TYPE}:detail-`)) return server.detail(key.slice(`${TYPE}:detail-`.length));
      const { group } = JSON.parse(key.slice(`${TYPE}:list-`.length)) as { group?: number };
      const { items, totalCount } = server.list(group);
      return { items, totalCount };
    },
    cached(key: string): unknown {
      const value = hub.peek<ItemPage | Item | null>(key) ?? null;
      if (value === null || !('items' in value)) return value;
      return { items: value.items, totalCount: value.totalCount };
    },
    destroy(): void {
      clearInterval(pings);
      observers.forEach((subscriptions) => subscriptions.forEach((subscription) => subscription.unsubscribe()));
      sync.destroy();
      batcher?.destroy();
      client.close();
      hub.destroy();
    },
  };
}

describe('LiveSync simulation', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it(
    `keeps every cached detail and list equal to the server after any schedule (${RUNS} schedules)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(scheduleArb, async ({ seed, batching, positions, latencyMs, oneWay, commands }) => {
          const sim = world(seed, batching, positions, latencyMs, oneWay);
          try {
            for (const command of commands) await sim.run(command);
            await advance(SETTLE_MS);
            for (const key of sim.checkedKeys(true)) expect([key, sim.cached(key)]).toEqual([key, sim.truth(key)]);
            sim.observeAll();
            await advance(SETTLE_MS);
            for (const key of sim.checkedKeys(false)) expect([key, sim.cached(key)]).toEqual([key, sim.truth(key)]);
          } finally {
            sim.destroy();
            jest.clearAllTimers();
          }
        }),
        { numRuns: RUNS },
      );
    },
    20 * 60_000,
  );
});
