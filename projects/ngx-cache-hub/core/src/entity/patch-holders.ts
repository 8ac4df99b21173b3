import type { CacheEntry } from '../hub/cache-entry';
import type { ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION, type Holders } from './entity-index';
import { isObject, type EntityWrites } from './entity-writes';
import { listItemsOf } from './list-value';

/**
 * Writes an update's winning fields into every entry that holds the entity; returns whether one
 * changed.
 *
 * Structural sharing: holders whose copy of the entity is the same object, or an equal one (same
 * fields in the same order, same values), get one merged object between them, so an update makes
 * one new entity, not one per holder. Once shared, later updates find the same object in every
 * holder and merge it once. Holders whose copy differs (a list of a projection, an older copy)
 * get their own merge, as before. Every holder that changes still gets a new object.
 */
export function patchHolders(
  writes: EntityWrites,
  config: ResolvedEntityConfig,
  id: string,
  winning: Readonly<Record<string, unknown>>,
  version: number,
  inTransaction = writes.owned !== null,
): boolean {
  const holders = writes.index.holdersOf(config.type, id);
  if (!holders) return false;
  // Inside `batch()` (or the caller's transaction) the hub transaction is open already: skip opening one per event.
  if (inTransaction) return patchEach(writes, config, id, winning, version, holders);
  let changed = false;
  writes.write(() => (changed = patchEach(writes, config, id, winning, version, holders)));
  return changed;
}

function patchEach(writes: EntityWrites, config: ResolvedEntityConfig, id: string, winning: Readonly<Record<string, unknown>>, version: number, holders: Holders): boolean {
  const wasApplying = writes.applying;
  writes.applying = true;
  let changed = false;
  // The last copy merged, its keys (read once, when a second distinct copy is compared) and the merge.
  let from: Record<string, unknown> | undefined;
  let fromKeys: string[] | undefined;
  let to: Record<string, unknown> | undefined;
  try {
    for (let at = 0; at < holders.length; at += 2) {
      const entry = holders[at] as CacheEntry;
      const position = holders[at + 1] as number;
      const value = entry.base;
      const items = position === DETAIL_POSITION ? undefined : listItemsOf(value);
      const entity = items ? items[position] : value;
      let next: Record<string, unknown> | undefined;
      if (from !== undefined && entity === from) {
        next = to;
      } else {
        if (!isObject(entity) || (items && String(config.idOf(entity)) !== id)) continue;
        if (from !== undefined && sameFields(entity, from, (fromKeys ??= Object.keys(from)))) {
          next = to;
        } else {
          next = merge(entity, winning, version, config.versionField);
          fromKeys = undefined;
        }
        from = entity;
        to = next;
      }
      if (next === undefined) continue;
      changed = true;
      if (items) writes.replaceItem(entry, items, position, next);
      else writes.writeEntry(entry, next);
    }
  } finally {
    writes.applying = wasApplying;
  }
  return changed;
}

/** Whether `entity` has exactly `keys` (of `other`), in that order, with the same values. */
function sameFields(entity: Record<string, unknown>, other: Record<string, unknown>, keys: readonly string[]): boolean {
  let at = 0;
  for (const field in entity) {
    if (!Object.hasOwn(entity, field) || keys[at++] !== field || !Object.is(entity[field], other[field])) return false;
  }
  return at === keys.length;
}

/** A new `entity` with the winning fields and the higher version; undefined when nothing changes. */
export function merge(entity: Record<string, unknown>, winning: Readonly<Record<string, unknown>>, version: number, versionField: string): Record<string, unknown> | undefined {
  const current = entity[versionField];
  const nextVersion = typeof current === 'number' && current > version ? current : version;
  let same = nextVersion === current;
  for (const field in winning) if (!Object.is(entity[field], winning[field])) same = false;
  if (same) return undefined;
  // A clone keeps the entity's shape, so the writes below are plain stores (faster than a literal with spreads).
  const next = { ...entity };
  for (const field in winning) next[field] = winning[field];
  next[versionField] = nextVersion;
  return next;
}
