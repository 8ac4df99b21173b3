import fc from 'fast-check';
import { CacheHub } from '../hub/cache-hub';
import { listKey } from './entity-key';
import { EntityStore } from './entity-store';

interface Row {
  id: string;
  rank: number;
  group: number;
  mark: number;
  version: number;
}
type Page = { items: Row[]; totalCount: number };

const LISTS = [listKey('rows', { group: 0 }), listKey('rows', { group: 1 }), listKey('rows', {})];
const belongs = (row: Row, key: string) => key === LISTS[2] || row.group === (key === LISTS[0] ? 0 : 1);

/** Creates, moves (rank or group), deletes and re-creates of a few entities, with many rank ties. */
const stepArb = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), id: fc.integer({ min: 0, max: 11 }), rank: fc.integer({ min: 0, max: 4 }), group: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('move' as const), id: fc.integer({ min: 0, max: 11 }), rank: fc.integer({ min: 0, max: 4 }), group: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 11 }) }),
);

describe('list membership over many inserts, moves and deletes (property)', () => {
  it('every list stays sorted and holds exactly the live entities it matches, and an update reaches each copy where it now is', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60 }), fc.boolean(), (steps, batched) => {
        const hub = new CacheHub();
        const store = new EntityStore(hub);
        store.register('rows', {
          matches: (row: Row, params: { group?: number }) => params.group === undefined || params.group === row.group,
          sort: (a: Row, b: Row) => a.rank - b.rank,
        });
        // Some rows cached up front, so inserts land before, between and after items.
        const seeded = [0, 1, 2].map((n): Row => ({ id: `s${n}`, rank: n * 2, group: n % 2, mark: 0, version: 1 }));
        LISTS.forEach((key) => {
          const items = seeded.filter((row) => belongs(row, key));
          hub.set(key, { items, totalCount: items.length });
        });
        const live = new Map<string, Row>(seeded.map((row) => [row.id, row]));
        const versions = new Map<string, number>(seeded.map((row) => [row.id, 1]));
        const next = (id: string) => {
          const version = (versions.get(id) ?? 0) + 1;
          versions.set(id, version);
          return version;
        };
        const run = () => {
          for (const step of steps) {
            const id = `e${step.id}`;
            if (step.kind === 'create' && !live.has(id)) {
              const row: Row = { id, rank: step.rank, group: step.group, mark: 0, version: next(id) };
              live.set(id, row);
              store.applyCreate({ entityType: 'rows', entity: row });
            } else if (step.kind === 'move' && live.has(id)) {
              const version = next(id);
              live.set(id, { ...live.get(id)!, rank: step.rank, group: step.group, version });
              store.applyUpdate({ entityType: 'rows', entityId: id, changes: { rank: step.rank, group: step.group }, version });
            } else if (step.kind === 'delete' && live.has(id)) {
              live.delete(id);
              store.applyDelete({ entityType: 'rows', entityId: id, version: next(id) });
            }
          }
        };
        if (batched) store.batch(run);
        else run();

        // A mark on every live entity must reach the copy in every list, wherever it moved to.
        for (const [id, row] of live)
          store.applyUpdate({ entityType: 'rows', entityId: id, changes: { mark: 1 }, version: (live.set(id, { ...row, mark: 1, version: next(id) }), versions.get(id)!) });
        for (const key of LISTS) {
          const page = hub.peek<Page>(key)!;
          const expected = [...live.values()].filter((row) => belongs(row, key));
          expect(page.items.map((row) => row.id).sort()).toEqual(expected.map((row) => row.id).sort());
          expect(page.totalCount).toBe(expected.length);
          page.items.forEach((row, at) => {
            expect(row).toEqual(live.get(row.id));
            if (at > 0) expect(page.items[at - 1].rank).toBeLessThanOrEqual(row.rank);
          });
        }
        hub.destroy();
      }),
      { numRuns: 300 },
    );
  });
});
