import fc from 'fast-check';
import { CacheHub } from '../hub/cache-hub';
import { type EntityEvent } from '../entity/entity-event';
import { EntityStore } from '../entity/entity-store';
import { listKey } from '../entity/entity-key';
import { snapshotOf } from './testing-internal/product-events';
import { UpdateBatcher } from './update-batcher';

const FIELDS = ['a', 'b', 'c'] as const;
const IDS = ['1', '2', '3', '4', '5'];
const ITEM_LISTS = [listKey('items', { group: 0 }), listKey('items', { group: 1 }), listKey('items', {})];
const TAG_LISTS = [listKey('tags', {}), listKey('tags', { page: 2 })];

/** Updates of random fields (sometimes several at once), at versions that may skip. */
const updatesArb = fc.array(
  fc.record({
    changes: fc.dictionary(fc.constantFrom(...FIELDS), fc.integer({ min: 0, max: 99 }), { minKeys: 0, maxKeys: 2 }),
    gap: fc.integer({ min: 1, max: 3 }),
  }),
  { maxLength: 4 },
);

/**
 * One entity's server history: a create, updates, maybe a delete, and after a delete maybe a
 * second life (created again under the same id, updated again).
 */
const historyArb = (type: 'items' | 'tags', id: string) =>
  fc
    .record({ first: updatesArb, deleted: fc.boolean(), recreated: fc.boolean(), second: updatesArb, group: fc.integer({ min: 0, max: 1 }) })
    .map(({ first, deleted, recreated, second, group }): EntityEvent[] => {
      let version = 0;
      const events: EntityEvent[] = [];
      const live = (updates: typeof first) => {
        version++;
        events.push({ type: 'ENTITY_CREATED', data: { entityType: type, entity: { id, a: 0, b: 0, c: 0, group, version } } });
        for (const { changes, gap } of updates) {
          version += gap;
          events.push({ type: 'ENTITY_UPDATED', data: { entityType: type, entityId: id, changes, version } });
        }
      };
      live(first);
      if (!deleted) return events;
      events.push({ type: 'ENTITY_DELETED', data: { entityType: type, entityId: id, version: ++version } });
      if (recreated) live(second);
      return events;
    });

const BULK: EntityEvent = { type: 'BULK_UPDATE', data: { entityType: 'items', updates: [] } };

/**
 * Histories of five items and two tags, interleaved at random, with duplicates, sometimes a bulk
 * update of the items, and where to cut flushes.
 */
const streamArb = fc
  .tuple(...IDS.map((id) => historyArb('items', id)), historyArb('tags', 't1'), historyArb('tags', 't2'))
  .map((histories) => histories.flat())
  .chain((events) =>
    fc.record({
      order: fc.shuffledSubarray(events.concat(events), { minLength: events.length, maxLength: events.length * 2 }),
      bulkAt: fc.array(fc.nat({ max: events.length * 2 }), { maxLength: 2 }),
      maxBatch: fc.integer({ min: 1, max: events.length * 2 }),
    }),
  )
  .map(({ order, bulkAt, maxBatch }) => {
    const withBulks = order.slice();
    for (const at of bulkAt) withBulks.splice(at, 0, BULK);
    return { order: withBulks, maxBatch };
  });

/**
 * Items are inserted sorted by the updatable field `a` (so insert positions depend on updates);
 * tags use the default onCreate, which invalidates their lists.
 */
function world() {
  const hub = new CacheHub({ retry: 0 });
  const store = new EntityStore(hub);
  store.register('items', {
    matches: (item: { group: number }, params: { group?: number }) => params.group === undefined || params.group === item.group,
    sort: (x: { a: number; id: string }, y: { a: number; id: string }) => x.a - y.a || x.id.localeCompare(y.id),
  });
  for (const key of [...ITEM_LISTS, ...TAG_LISTS]) hub.set(key, { items: [], totalCount: 0 });
  [...ITEM_LISTS, TAG_LISTS[0]].forEach((key) => hub.watch(key).subscribe());
  return { hub, store };
}

describe('UpdateBatcher properties', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ends in the same cache state as applying each event, for shuffled and duplicated streams cut into flushes at random', () => {
    fc.assert(
      fc.property(streamArb, ({ order, maxBatch }) => {
        const unbatched = world();
        order.forEach((event) => unbatched.store.apply(event));

        const batched = world();
        // Invalidating lists above a number of creates is the one deliberate difference: kept out of reach.
        const batcher = new UpdateBatcher(batched.hub, batched.store, { maxBatch, invalidateListsAbove: Infinity });
        order.forEach((event) => batcher.push(event));
        batcher.flush();

        expect(snapshotOf(batched.hub)).toEqual(snapshotOf(unbatched.hub));
        expect(batcher.stats()).toMatchObject({ framesIn: order.length, pending: 0 });
        batcher.destroy();
        batched.hub.destroy();
        unbatched.hub.destroy();
      }),
      { numRuns: 400 },
    );
  });
});
