import fc from 'fast-check';
import { Subject } from 'rxjs';
import { UpdateBatcher } from '../batching/update-batcher';
import { CacheHub } from '../hub/cache-hub';
import type { EntityEvent } from './entity-event';
import { detailKey, listKey } from './entity-key';
import { EntityStore } from './entity-store';

type Item = { id: string; group: number; a: number; version: number; note: number };
type Step = { kind: 'deliver'; order: number } | { kind: 'land'; pick: number; at: number } | { kind: 'flush' };

const IDS = ['1', '2', '3'];
const GROUPS = [0, 1];
// A list of projections (without `note`): it keeps its shape, and the other copies keep theirs.
const PROJECTED = listKey('items', { projected: 1 });
const FULL_KEYS = [...IDS.map((id) => detailKey('items', id)), ...GROUPS.map((group) => listKey('items', { group })), listKey('items', {})];
const bySortKey = (x: Item, y: Item) => x.a - y.a || x.id.localeCompare(y.id);
const runs = Number(process.env['ENTITY_RACE_RUNS'] ?? 400);

/** A server history over three ids: creates, updates of the sort field, of the group (a move) or of another field, deletes and re-creates. */
const historyArb = fc.array(fc.record({ id: fc.constantFrom(...IDS), op: fc.nat(9), value: fc.integer({ min: 1, max: 99 }) }), { minLength: 1, maxLength: 14 });

/** The events of a history and the server's state after each of them (`states[t]` after `t` events). */
function serverOf(history: readonly { id: string; op: number; value: number }[], setsNote: boolean) {
  const versions = new Map<string, number>();
  const states: Map<string, Item>[] = [new Map()];
  const events: EntityEvent[] = [];
  for (const { id, op, value } of history) {
    const state = new Map(states[states.length - 1]);
    const current = state.get(id);
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    if (!current) {
      const entity = { id, group: value % 2, a: value, note: 0, version };
      state.set(id, entity);
      events.push({ type: 'ENTITY_CREATED', data: { entityType: 'items', entity: { ...entity } } });
    } else if (op < 2) {
      state.delete(id);
      events.push({ type: 'ENTITY_DELETED', data: { entityType: 'items', entityId: id, version } });
    } else {
      const changes = op < 5 ? { group: 1 - current.group } : op < 8 || !setsNote ? { a: value } : { note: value };
      state.set(id, { ...current, ...changes, version });
      events.push({ type: 'ENTITY_UPDATED', data: { entityType: 'items', entityId: id, changes, version } });
    }
    states.push(state);
  }
  return { events, states };
}

/** What the server answers for `key` at `state`. */
function answerOf(key: string, state: Map<string, Item>): unknown {
  const id = IDS.find((candidate) => key === detailKey('items', candidate));
  if (id !== undefined) return state.has(id) ? { ...state.get(id)! } : null;
  const group = GROUPS.find((candidate) => key === listKey('items', { group: candidate }));
  return [...state.values()]
    .filter((item) => group === undefined || item.group === group)
    .sort(bySortKey)
    .map((item) => (key === PROJECTED ? { id: item.id, group: item.group, a: item.a, version: item.version } : { ...item }));
}

describe('EntityStore with fetches racing events', () => {
  it('observed details and lists equal the server once every event arrived and every answer landed', async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArb,
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(fc.record({ pick: fc.nat(), at: fc.nat() }), { maxLength: 16 }),
        // Through an UpdateBatcher that flushes at these steps and every `maxBatch` events, or event by event.
        fc.option(fc.record({ maxBatch: fc.integer({ min: 1, max: 6 }), flushes: fc.array(fc.nat(), { maxLength: 6 }) })),
        async (history, projected, order, lands, batching) => {
          // (With the projection, `note` never changes: see docs/realtime.md, "Each copy keeps its shape".)
          const { events, states } = serverOf(history, !projected);
          const KEYS = projected ? [...FULL_KEYS, PROJECTED] : FULL_KEYS;
          // Every event once in the order `order` gives, then repeats of some, and answers landing anywhere.
          const steps: Step[] = events.map((_, i) => ({ kind: 'deliver' as const, order: i })).sort((x, y) => (order[x.order] ?? x.order) - (order[y.order] ?? y.order));
          order.slice(events.length).forEach((n) => steps.splice(n % (steps.length + 1), 0, { kind: 'deliver', order: n % events.length }));
          lands.forEach(({ pick, at }) => steps.splice(at % (steps.length + 1), 0, { kind: 'land', pick, at }));
          batching?.flushes.forEach((at) => steps.splice(at % (steps.length + 1), 0, { kind: 'flush' }));

          const hub = new CacheHub({ retry: 0 });
          const store = new EntityStore(hub);
          store.register('items', {
            matches: (item: Item, params: { group?: number }) => params.group === undefined || params.group === item.group,
            sort: bySortKey,
            membershipFields: ['group', 'a'],
          });
          const batcher = batching ? new UpdateBatcher(hub, store, { maxBatch: batching.maxBatch, debounceMs: 1e9, maxWaitMs: 1e9 }) : undefined;
          // A request is answered from a server state taken after it started: no earlier than the newest event the client had then.
          let newestDelivered = 0;
          const pending: { key: string; from: number; response: Subject<unknown> }[] = [];
          const land = (index: number, at: number) => {
            const [request] = pending.splice(index, 1);
            request.response.next(answerOf(request.key, states[request.from + (at % (states.length - request.from))]));
            request.response.complete();
          };
          const subscriptions = KEYS.map((key) =>
            hub
              .fetch(key, () => {
                const response = new Subject<unknown>();
                pending.push({ key, from: newestDelivered, response });
                return response;
              })
              .subscribe({ error: () => undefined }),
          );
          // What a write sets off runs in microtasks (a detail that said none is invalidated in one).
          const settle = async () => {
            for (let tick = 0; tick < 4; tick++) await Promise.resolve();
          };
          for (const step of steps) {
            if (step.kind === 'deliver') {
              // A request the event sets off (a refetch) is answered after it.
              newestDelivered = Math.max(newestDelivered, step.order + 1);
              if (batcher) batcher.push(events[step.order]);
              else store.apply(events[step.order]);
            } else if (step.kind === 'flush') batcher?.flush();
            else if (pending.length > 0) land(step.pick % pending.length, step.at);
            await settle();
          }
          batcher?.flush();
          // Then the rest lands, each from the server's final state, and what those answers set off.
          for (let round = 0; pending.length > 0 && round < 20; round++) {
            while (pending.length > 0) land(0, states.length - 1 - pending[0].from);
            await settle();
          }
          const final = states[states.length - 1];
          for (const key of KEYS) {
            const expected = answerOf(key, final);
            const cached = hub.peek(key);
            // A projected copy that an update of `note` reached has it too (events add the fields they set).
            const shaped =
              key === PROJECTED
                ? (cached as Item[]).map((item, at) => ('note' in item ? { ...(expected as Item[])[at], note: final.get(item.id)!.note } : (expected as Item[])[at]))
                : expected;
            expect({ key, value: expected === null ? (cached ?? null) : cached }).toEqual({ key, value: shaped });
          }
          subscriptions.forEach((subscription) => subscription.unsubscribe());
          batcher?.destroy();
          hub.destroy();
        },
      ),
      { numRuns: runs },
    );
  });
});
