import type { ResolvedEntityConfig } from './entity-config';
import { positionIn } from './entity-index';
import { listItemsOf } from './list-value';
import { idString, type EntityWrites } from './entity-writes';

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
  for (const key of writes.listKeys(config.type)) {
    if (key === except) continue;
    const params = writes.paramsOf(key);
    const position = positionIn(holders, writes.entryOf(key));
    const belongs = !membership || config.matches(entity, params);
    if (position === undefined) {
      if (!membership || !belongs) continue;
      writes.rewriteList(config.type, key, (items) => insertSorted(items, entity, config.sort, params), true);
    } else if (!belongs) {
      writes.rewriteList(config.type, key, (items) => items.filter((item) => idString(config, item) !== id), true);
    } else if (config.sort && isOutOfOrder(listItemsOf(writes.hub.peek(key))!, position, config.sort, params)) {
      writes.rewriteList(
        config.type,
        key,
        (items) =>
          insertSorted(
            items.filter((item) => idString(config, item) !== id),
            listItemsOf(writes.hub.peek(key))![position],
            config.sort,
            params,
          ),
        false,
      );
    } else continue;
    changed = true;
  }
  return changed;
}

/** Inserts `entity` before the first item that sorts after it (appends without `sort`). Edits `items`. */
export function insertSorted(items: unknown[], entity: unknown, sort: ResolvedEntityConfig['sort'], params: unknown): unknown[] {
  let at = sort ? items.findIndex((item) => sort(entity, item, params) < 0) : -1;
  if (at < 0) at = items.length;
  items.splice(at, 0, entity);
  return items;
}

function isOutOfOrder(items: readonly unknown[], at: number, sort: NonNullable<ResolvedEntityConfig['sort']>, params: unknown): boolean {
  return (at > 0 && sort(items[at - 1], items[at], params) > 0) || (at < items.length - 1 && sort(items[at], items[at + 1], params) > 0);
}
