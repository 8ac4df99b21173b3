import fc from 'fast-check';
import { Subject } from 'rxjs';
import { CacheHub } from '../hub/cache-hub';
import { detailKey, listKey } from './entity-key';
import { EntityCreate, EntityDelete, EntityStore, EntityUpdate } from './entity-store';

type Event = { kind: 'update'; e: EntityUpdate } | { kind: 'create'; e: EntityCreate } | { kind: 'delete'; e: EntityDelete };
const FIELDS = ['a', 'b', 'c'] as const;
const LISTS = [listKey('items', { group: 0 }), listKey('items', { group: 1 }), listKey('items', {})];

/** One entity's server history: a create, some updates of random fields, maybe a delete. */
const historyArb = (id: string) =>
  fc
    .record({
      updates: fc.array(fc.record({ field: fc.constantFrom(...FIELDS), value: fc.integer({ min: 0, max: 99 }) }), { maxLength: 5 }),
      deleted: fc.boolean(),
      group: fc.integer({ min: 0, max: 1 }),
    })
    .map(({ updates, deleted, group }): Event[] => {
      const events: Event[] = [{ kind: 'create', e: { entityType: 'items', entity: { id, a: 0, b: 0, c: 0, group, version: 1 } } }];
      updates.forEach(({ field, value }, i) => events.push({ kind: 'update', e: { entityType: 'items', entityId: id, changes: { [field]: value }, version: i + 2 } }));
      if (deleted) events.push({ kind: 'delete', e: { entityType: 'items', entityId: id, version: updates.length + 2 } });
      return events;
    });

const scenarioArb = fc
  .tuple(historyArb('1'), historyArb('2'), historyArb('3'))
  .map((histories) => histories.flat())
  .chain((events) =>
    fc.record({
      events: fc.constant(events),
      order: fc.shuffledSubarray(events.concat(events), { minLength: events.length * 2 }),
    }),
  );

function setUp() {
  const hub = new CacheHub();
  const store = new EntityStore(hub);
  store.register('items', {
    matches: (item: { group: number }, params: { group?: number }) => params.group === undefined || params.group === item.group,
    sort: (x: { id: string }, y: { id: string }) => x.id.localeCompare(y.id),
    // Updates here never change `group`: an update of an entity not yet created must not refetch the lists.
    membershipFields: ['group'],
  });
  LISTS.forEach((key) => hub.set(key, { items: [], totalCount: 0 }));
  return { hub, store };
}

function apply(store: EntityStore, event: Event): void {
  if (event.kind === 'update') store.applyUpdate(event.e);
  else if (event.kind === 'create') store.applyCreate(event.e);
  else store.applyDelete(event.e);
}

function snapshot(hub: CacheHub): Record<string, unknown> {
  return Object.fromEntries(
    hub
      .keys()
      .sort()
      .map((key) => [key, hub.peek(key)]),
  );
}

describe('EntityStore properties', () => {
  it('any permutation with duplicates of the same events converges to one cache state', () => {
    fc.assert(
      fc.property(scenarioArb, ({ events, order }) => {
        const inOrder = setUp();
        events.forEach((event) => apply(inOrder.store, event));
        const shuffled = setUp();
        order.forEach((event) => apply(shuffled.store, event));
        expect(snapshot(shuffled.hub)).toEqual(snapshot(inOrder.hub));
        for (const id of ['1', '2', '3']) {
          const detail = inOrder.hub.peek(detailKey('items', id)) as { version: number } | undefined;
          const versions = events.filter((e) => (e.kind === 'create' ? e.e.entity['id'] : e.e.entityId) === id);
          const deleted = versions.some((e) => e.kind === 'delete');
          expect(detail === undefined).toBe(deleted);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a fetch racing updates never reverts them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ field: fc.constantFrom(...FIELDS), value: fc.integer({ min: 1, max: 99 }) }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 6 }),
        (updates, snapshotAt) => {
          const hub = new CacheHub();
          const store = new EntityStore(hub);
          const response = new Subject<unknown>();
          hub.fetch(detailKey('items', '1'), () => response).subscribe();
          const truth: Record<string, number> = { a: 0, b: 0, c: 0 };
          let snapshotState = { id: '1', ...truth, version: 1 };
          updates.forEach(({ field, value }, i) => {
            truth[field] = value;
            if (i + 2 <= snapshotAt) snapshotState = { id: '1', ...truth, version: i + 2 };
            store.applyUpdate({ entityType: 'items', entityId: '1', changes: { [field]: value }, version: i + 2 });
          });
          response.next(snapshotState);
          expect(hub.peek(detailKey('items', '1'))).toEqual({ id: '1', ...truth, version: updates.length + 1 });
          hub.destroy();
        },
      ),
    );
  });

  it('answers of any past version, late and repeated events and dropped entries converge to the newest state', () => {
    const changesArb = fc
      .record({ a: fc.option(fc.integer({ min: 1, max: 99 })), b: fc.option(fc.integer({ min: 1, max: 99 })), c: fc.option(fc.integer({ min: 1, max: 99 })) })
      .map((fields) => Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null)))
      .filter((changes) => Object.keys(changes).length > 0);
    const actionArb = fc.record({
      kind: fc.constantFrom('answer detail', 'answer list', 'drop detail', 'drop list'),
      version: fc.nat(),
      at: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(changesArb, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 12 }), fc.array(actionArb, { maxLength: 8 }), (changes, order, actions) => {
        // The server: the whole entity at every version, and the update event that made each one.
        const states = [{ id: '1', a: 0, b: 0, c: 0, version: 1 }];
        const events: EntityUpdate[] = changes.map((fields, i) => {
          states.push({ ...states[i], ...fields, version: i + 2 });
          return { entityType: 'items', entityId: '1', changes: fields, version: i + 2 };
        });
        // Every event once, in the order `order` gives, then more copies of some, then the answers and drops anywhere.
        const delivery: (EntityUpdate | (typeof actions)[number])[] = events
          .map((event, i) => ({ event, key: order[i] ?? i }))
          .sort((x, y) => x.key - y.key)
          .map(({ event }) => event);
        order.slice(events.length).forEach((n) => delivery.splice(n % (delivery.length + 1), 0, events[n % events.length]));
        actions.forEach((action) => delivery.splice(action.at % (delivery.length + 1), 0, action));
        const hub = new CacheHub();
        const store = new EntityStore(hub);
        const detail = detailKey('items', '1');
        const list = listKey('items', {});
        hub.set(detail, states[0]);
        hub.set(list, [states[0]]);
        for (const step of delivery) {
          if ('entityId' in step) store.applyUpdate(step);
          else if (step.kind === 'answer detail') hub.set(detail, { ...states[step.version % states.length] });
          else if (step.kind === 'answer list') hub.set(list, [{ ...states[step.version % states.length] }]);
          else hub.delete(step.kind === 'drop detail' ? detail : list);
        }
        const newest = states[states.length - 1];
        if (hub.peek(detail) !== undefined) expect(hub.peek(detail)).toEqual(newest);
        if (hub.peek(list) !== undefined) expect(hub.peek(list)).toEqual([newest]);
        hub.destroy();
      }),
      { numRuns: 1000 },
    );
  });

  it('an update never touches a list entry that does not hold the entity', () => {
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 12 }), (lists, target) => {
        const hub = new CacheHub();
        const store = new EntityStore(hub);
        lists.forEach((ids, i) =>
          hub.set(
            listKey('items', i),
            ids.map((id) => ({ id: String(id), n: 0, version: 1 })),
          ),
        );
        const before = lists.map((_, i) => hub.peek(listKey('items', i)));
        store.applyUpdate({ entityType: 'items', entityId: String(target), changes: { n: 1 }, version: 2 });
        lists.forEach((ids, i) => {
          const after = hub.peek(listKey('items', i));
          if (ids.includes(target)) expect(after).not.toBe(before[i]);
          else expect(after).toBe(before[i]);
        });
        hub.destroy();
      }),
    );
  });
});
