import { listPayloads, Product, Workload } from '../workload';
import type { Contender } from './contender';

/** Where an entity sits: a list (or the details array) and a position in it. */
type Slot = readonly [Product[], number];

/**
 * The floor: a hand-written entity index (id -> every slot holding the entity), a version check, and
 * in-place writes of the merged entity into each slot. No immutability, no observers, no notifications:
 * the least work that keeps every list correct.
 */
export const floor: Contender = {
  name: 'floor (hand-written index, in-place, no observers)',
  note: 'Map id -> slots, version check, merged entity written into each slot of mutable arrays',
  setup(workload: Workload) {
    const details = workload.entities.map((entity) => ({ ...entity }));
    const lists = listPayloads(workload);
    const current = new Map<string, Product>();
    const slots = new Map<string, Slot[]>();
    const hold = (items: Product[], at: number) => {
      const id = items[at].id;
      let held = slots.get(id);
      if (!held) slots.set(id, (held = []));
      held.push([items, at]);
    };
    details.forEach((entity, at) => {
      current.set(entity.id, entity);
      hold(details, at);
    });
    lists.forEach((items) => items.forEach((_, at) => hold(items, at)));
    const none: number[] = new Array(lists.length).fill(0);
    return {
      apply(updates) {
        for (const { entityId, changes, version } of updates) {
          const known = current.get(entityId);
          if (!known || known.version >= version) continue;
          const next = { ...known, ...changes, version };
          current.set(entityId, next);
          for (const [items, at] of slots.get(entityId)!) items[at] = next;
        }
      },
      notificationsPerList: () => none,
      listItems: (j) => lists[j],
      dispose: () => slots.clear(),
    };
  },
};
