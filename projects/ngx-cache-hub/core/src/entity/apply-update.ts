import type { CacheEntry } from '../hub/cache-entry';
import type { ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION } from './entity-index';
import type { EntityRecord } from './entity-record';
import type { EntityUpdate } from './entity-store';
import { isObject, type EntityWrites } from './entity-writes';
import { placeInLists } from './list-membership';
import { merge, patchHolders } from './patch-holders';
import { listItemsOf } from './list-value';
import { wholeOf } from './reconcile-write';
import { addLateFields, noteMade } from './late-fields';

/**
 * Merges an update's newer fields into the detail and every list item holding the entity, then
 * moves it between lists when a field that decides membership or order changed. Several updates
 * of one entity (the versions a batch folded) are applied as one change: every patch, then one
 * move to where the entity ends. An entity no cached entry holds and the store has never seen
 * whole may now belong in a list: those lists are invalidated. Returns whether the cache changed.
 */
export function applyUpdate(writes: EntityWrites, updates: EntityUpdate | readonly EntityUpdate[], config: ResolvedEntityConfig): boolean {
  const placing = config.onCreate === 'insert' || config.sort !== undefined;
  // One patch alone opens a transaction only when it writes (an entity no entry holds costs none).
  if (writes.owned || !(placing || isMany(updates))) return applyVersions(writes, updates, config, placing, writes.owned !== null);
  // The patches and the move they may bring reach observers as one change.
  return writes.hub.transaction(() => applyVersions(writes, updates, config, placing, true));
}

function applyVersions(writes: EntityWrites, updates: EntityUpdate | readonly EntityUpdate[], config: ResolvedEntityConfig, placing: boolean, inTransaction: boolean): boolean {
  const many = isMany(updates);
  const id = String((many ? updates[0] : updates).entityId);
  const record = writes.records.ensure(config.type, id);
  let changed = false;
  let moves = false;
  let whole: Record<string, unknown> | undefined;
  for (let at = 0, count = many ? updates.length : 1; at < count; at++) {
    const update = many ? updates[at] : (updates as EntityUpdate);
    // Every version is recorded, also of a deleted entity (kept for its re-create).
    const winning = record.recordChanges(update.changes, update.version);
    if (record.deleted) continue;
    if (!winning && update.version <= record.floor) changed = addLateFields(writes, config, record, id, update.changes, update.version) || changed;
    if (!winning && !placing) continue;
    const moving = placing && Object.keys(winning ?? update.changes).some(config.movesOn);
    if (!winning) {
      // A move a newer snapshot holds: lists fetched before it may not show it, and the snapshot,
      // the first copy known, did not place the entity. It goes where its newest copy belongs.
      moves ||= moving && update.version <= record.floor;
      continue;
    }
    changed = patchHolders(writes, config, id, winning, update.version, inTransaction) || changed;
    if (placing) whole = wholeEntity(writes, config, id, record, winning, update.version);
    moves ||= moving;
  }
  if (!placing || record.deleted || (!moves && !(config.sort && changed))) return changed;
  whole ??= heldEntity(writes, config, id) ?? record.entity;
  // Lists it joins get every field known of it (a holder's copy may be a projection).
  const placed = whole && wholeOf(config, whole, record);
  if (placed) {
    const before = writes.index.holdersOf(config.type, id)?.slice() ?? [];
    writes.write(() => (changed = placeInLists(writes, config, id, placed) || changed));
    // Copies the store made may miss events older than the newest snapshot that come late.
    noteMade(writes, config, record, id, Number.NEGATIVE_INFINITY, before);
    if (moves) writes.noteMoved(config.type, record);
  } else if (moves && writes.invalidateLists(config.type) > 0) {
    changed = true;
  }
  return changed;
}

function isMany(updates: EntityUpdate | readonly EntityUpdate[]): updates is readonly EntityUpdate[] {
  return Array.isArray(updates);
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
  // The record's copy with this update (a holder's may be a projection, or made of an older answer).
  const merged = record.entity && (merge(record.entity, winning, version, config.versionField) ?? record.entity);
  return (record.entity = merged ?? heldEntity(writes, config, id));
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
