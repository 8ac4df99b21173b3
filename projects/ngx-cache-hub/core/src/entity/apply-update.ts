import type { CacheEntry } from '../hub/cache-entry';
import type { ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION } from './entity-index';
import type { EntityRecord } from './entity-record';
import type { EntityUpdate } from './entity-store';
import { isObject, type EntityWrites } from './entity-writes';
import { placeInLists } from './list-membership';
import { merge, patchHolders } from './patch-holders';
import { listItemsOf } from './list-value';

/**
 * Merges an update's newer fields into the detail and every list item holding the entity, then
 * moves it between lists when a field that decides membership or order changed. An entity no
 * cached entry holds and the store has never seen whole may now belong in a list: those lists
 * are invalidated. Returns whether the cache changed.
 */
export function applyUpdate(writes: EntityWrites, update: EntityUpdate, config = writes.configOf(update.entityType)): boolean {
  const id = String(update.entityId);
  const record = writes.records.ensure(update.entityType, id);
  const winning = record.recordChanges(update.changes, update.version);
  if (record.deleted) return false;
  if (!winning) return placeKnown(writes, config, id, record, update);
  if (config.onCreate !== 'insert' && !config.sort) return patchHolders(writes, config, id, winning, update.version);
  // The patch and the move it may bring reach observers as one change.
  if (writes.owned) return patchAndPlace(writes, config, id, record, winning, update.version);
  return writes.hub.transaction(() => patchAndPlace(writes, config, id, record, winning, update.version));
}

function patchAndPlace(writes: EntityWrites, config: ResolvedEntityConfig, id: string, record: EntityRecord, winning: Readonly<Record<string, unknown>>, version: number): boolean {
  let changed = patchHolders(writes, config, id, winning, version, true);
  const whole = wholeEntity(writes, config, id, record, winning, version);
  const moves = Object.keys(winning).some(config.movesOn);
  if (!moves && !(config.sort && changed)) return changed;
  if (whole) {
    writes.write(() => (changed = placeInLists(writes, config, id, whole) || changed));
    if (moves) writes.noteMoved(config.type, record);
  } else if (moves && writes.listKeys(config.type).length > 0) {
    const lists = new Set(writes.listKeys(config.type));
    writes.hub.invalidate((key) => lists.has(key));
    changed = true;
  }
  return changed;
}

/**
 * An update a newer snapshot already holds may still move the entity: lists fetched before that
 * snapshot do not show the move, and the snapshot did not place the entity (it was the first copy
 * known). It is placed where its newest copy belongs, as a refetch of those lists would.
 */
function placeKnown(writes: EntityWrites, config: ResolvedEntityConfig, id: string, record: EntityRecord, update: EntityUpdate): boolean {
  if ((config.onCreate !== 'insert' && !config.sort) || update.version > record.floor || !Object.keys(update.changes).some(config.movesOn)) return false;
  const whole = heldEntity(writes, config, id) ?? record.entity;
  if (!whole) return false;
  let changed = false;
  writes.write(() => (changed = placeInLists(writes, config, id, whole)));
  // Lists fetched before this event may not show the move either.
  writes.noteMoved(config.type, record);
  return changed;
}

/** The entity as a whole after the update (a holder's copy, else the record's, updated); kept on the record. */
function wholeEntity(
  writes: EntityWrites,
  config: ResolvedEntityConfig,
  id: string,
  record: EntityRecord,
  winning: Readonly<Record<string, unknown>>,
  version: number,
): Record<string, unknown> | undefined {
  const held = heldEntity(writes, config, id);
  if (held) return (record.entity = held);
  if (record.entity) record.entity = merge(record.entity, winning, version, config.versionField) ?? record.entity;
  return record.entity;
}

/** The entity as one of the entries holding it has it (the detail, or a list item). */
export function heldEntity(writes: EntityWrites, config: ResolvedEntityConfig, id: string): Record<string, unknown> | undefined {
  const holders = writes.index.holdersOf(config.type, id) ?? [];
  for (let at = 0; at < holders.length; at += 2) {
    const value = (holders[at] as CacheEntry).base;
    const position = holders[at + 1] as number;
    const entity = position === DETAIL_POSITION ? value : listItemsOf(value)?.[position];
    if (isObject(entity)) return entity;
  }
  return undefined;
}
