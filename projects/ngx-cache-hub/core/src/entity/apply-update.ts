import type { ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION } from './entity-index';
import type { EntityRecord } from './entity-record';
import type { EntityUpdate } from './entity-store';
import { isObject, type EntityWrites } from './entity-writes';
import { placeInLists } from './list-membership';
import { listItemsOf } from './list-value';

/**
 * Merges an update's newer fields into the detail and every list item holding the entity, then
 * moves it between lists when a field that decides membership or order changed. An entity no
 * cached entry holds and the store has never seen whole may now belong in a list: those lists
 * are invalidated. Returns whether the cache changed.
 */
export function applyUpdate(writes: EntityWrites, update: EntityUpdate): boolean {
  const config = writes.configOf(update.entityType);
  const id = String(update.entityId);
  const record = writes.records.ensure(update.entityType, id);
  const winning = record.recordChanges(update.changes, update.version);
  if (!winning || record.deleted) return false;
  let changed = patchHolders(writes, config, id, winning, update.version);
  if (config.onCreate !== 'insert' && !config.sort) return changed;
  const whole = wholeEntity(writes, config, id, record, winning, update.version);
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

/** Writes the winning fields into every entry that holds the entity; returns whether one changed. */
export function patchHolders(writes: EntityWrites, config: ResolvedEntityConfig, id: string, winning: Record<string, unknown>, version: number): boolean {
  const holders = writes.index.holdersOf(config.type, id);
  if (!holders) return false;
  let changed = false;
  writes.write(() => {
    for (const [key, position] of holders) {
      const value = writes.hub.peek(key);
      const items = position === DETAIL_POSITION ? undefined : listItemsOf(value);
      const entity = items ? items[position] : value;
      if (!isObject(entity) || (items && String(config.idOf(entity)) !== id)) continue;
      const next = merge(entity, winning, version, config.versionField);
      if (next === undefined) continue;
      changed = true;
      if (items) writes.replaceItem(key, position, next);
      else writes.hub.set(key, next);
    }
  });
  return changed;
}

/** The entity as a whole after the update (a holder's copy, else the record's, updated); kept on the record. */
function wholeEntity(
  writes: EntityWrites,
  config: ResolvedEntityConfig,
  id: string,
  record: EntityRecord,
  winning: Record<string, unknown>,
  version: number,
): Record<string, unknown> | undefined {
  const held = heldEntity(writes, config, id);
  if (held) return (record.entity = held);
  if (record.entity) record.entity = merge(record.entity, winning, version, config.versionField) ?? record.entity;
  return record.entity;
}

/** The entity as one of the entries holding it has it (the detail, or a list item). */
export function heldEntity(writes: EntityWrites, config: ResolvedEntityConfig, id: string): Record<string, unknown> | undefined {
  for (const [key, position] of writes.index.holdersOf(config.type, id) ?? []) {
    const value = writes.hub.peek(key);
    const entity = position === DETAIL_POSITION ? value : listItemsOf(value)?.[position];
    if (isObject(entity)) return entity;
  }
  return undefined;
}

/** A new `entity` with the winning fields and the higher version; undefined when nothing changes. */
function merge(entity: Record<string, unknown>, winning: Record<string, unknown>, version: number, versionField: string): Record<string, unknown> | undefined {
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
