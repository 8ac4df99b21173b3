import type { ResolvedEntityConfig } from './entity-config';
import { positionIn } from './entity-index';
import { listItemsOf } from './list-value';
import { hasFieldsBeyond, idString, isObject, type EntityWrites } from './entity-writes';

/**
 * Puts an entity where it belongs in every cached list of its type, exactly as a refetch would:
 * removed from lists whose `matches` no longer accepts it, inserted in `sort` order into lists that
 * now accept it (totalCount follows), moved when its sort position changed. Lists of types without
 * `matches` keep their members and are only re-sorted. Returns whether a list changed.
 */
export function placeInLists(writes: EntityWrites, config: ResolvedEntityConfig, id: string, entity: Record<string, unknown>, except?: string): boolean {
  const membership = config.onCreate === 'insert';
  if (!membership && !config.sort) return false;
  const holders = writes.index.holdersOf(config.type, id);
  let changed = false;
  for (const key of [...writes.valuedLists(config.type)]) {
    if (key === except) continue;
    const params = writes.paramsOf(key);
    const position = positionIn(holders, writes.entryOf(key));
    const belongs = !membership || config.matches(entity, params);
    if (position === undefined) {
      if (!membership || !belongs) continue;
      // The store may know the entity only as a projection: a list whose items have more fields refetches.
      const sample = listItemsOf(writes.hub.peek(key))?.[0];
      if (isObject(sample) && hasFieldsBeyond(sample, entity)) {
        writes.refetchLater(key);
        continue;
      }
      writes.rewriteList(config.type, key, (items) => items.toSpliced(sortedIndex(items, entity, config.sort, params), 0, entity), true);
    } else if (!belongs) {
      writes.rewriteList(config.type, key, (items) => items.filter((item) => idString(config, item) !== id), true);
    } else if (config.sort && isOutOfOrder(listItemsOf(writes.hub.peek(key))!, position, config.sort, params)) {
      writes.rewriteList(
        config.type,
        key,
        (items) => {
          const others = items.filter((item) => idString(config, item) !== id);
          return others.toSpliced(sortedIndex(others, items[position], config.sort, params), 0, items[position]);
        },
        false,
      );
    } else continue;
    changed = true;
  }
  return changed;
}

/**
 * Where `entity` goes in `items`: before the first item that sorts after it, found by binary
 * search (the end without `sort`). In a list out of `sort` order (a server that sorts by other
 * rules), a place between an item that does not sort after it and one that does.
 */
export function sortedIndex(items: readonly unknown[], entity: unknown, sort: ResolvedEntityConfig['sort'], params: unknown): number {
  if (!sort) return items.length;
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sort(entity, items[middle], params) < 0) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * Moves the `changed` items (brought up to date by known events) that no longer sort between
 * their neighbours to where they sort, keeping the order of the rest. Edits `items`.
 */
export function resortChanged(items: unknown[], changed: ReadonlySet<unknown>, sort: NonNullable<ResolvedEntityConfig['sort']>, params: unknown): void {
  const moved: unknown[] = [];
  // Taking one out gives others new neighbours: look again until every changed item left is in place.
  for (let before = -1; before !== moved.length;) {
    before = moved.length;
    for (let at = items.length - 1; at >= 0; at--) if (changed.has(items[at]) && isOutOfOrder(items, at, sort, params)) moved.push(items.splice(at, 1)[0]);
  }
  for (const item of moved) items.splice(sortedIndex(items, item, sort, params), 0, item);
}

function isOutOfOrder(items: readonly unknown[], at: number, sort: NonNullable<ResolvedEntityConfig['sort']>, params: unknown): boolean {
  return (at > 0 && sort(items[at - 1], items[at], params) > 0) || (at < items.length - 1 && sort(items[at], items[at + 1], params) > 0);
}
