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
