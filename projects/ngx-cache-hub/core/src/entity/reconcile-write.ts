import type { CacheWriteContext } from '../hub/cache-hub-plugin';
import type { ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION } from './entity-index';
import { detailKey, parseEntityKey } from './entity-key';
import type { EntityRecord } from './entity-record';
import { idString, isObject, type EntityWrites } from './entity-writes';
import { placeInLists, sortedIndex } from './list-membership';
import { listItemsOf, withListItems } from './list-value';

/**
 * A fetched or set value of an entity key, brought up to what the store knows, and indexed: a
 * detail or list item older than a known event gets the newer fields, one deleted since is
 * dropped, one that moved out of a list since is dropped from it, and entities created or moved
 * into a list after its fetch started are inserted. A fetch never reverts the cache.
 */
export function reconcileWrite(writes: EntityWrites, value: unknown, { key, previous, fetchStartedAt }: CacheWriteContext): unknown {
  const parsed = parseEntityKey(key);
  if (!parsed || value === undefined) return value;
  const config = writes.configOf(parsed.type);
  if (parsed.kind === 'detail') return reconcileDetail(writes, config, parsed.id, key, value, fetchStartedAt);
  const items = listItemsOf(value);
  if (!items) return value;
  writes.noteList(parsed.type, key);
  const membership = config.onCreate === 'insert';
  const params = parsed.params;
  const kept: unknown[] = [];
  let changed = false;
  for (const item of items) {
    const id = idString(config, item);
    const record = id === undefined ? undefined : writes.records.get(parsed.type, id);
    let next: unknown = record ? reconcile(config, item as Record<string, unknown>, record) : item;
    if (next !== item && next !== undefined && membership && !config.matches(next, params)) next = undefined;
    if (next !== item) changed = true;
    if (next === undefined) continue;
    kept.push(next);
    if (!isObject(next)) continue;
    recordSnapshot(writes, config, next, key, config.versionOf(item));
  }
  if (fetchStartedAt !== undefined && membership) {
    const held = new Set(writes.idsOf(parsed.type, kept));
    for (const [record, { type, at }] of writes.recent) {
      if (at <= fetchStartedAt || type !== parsed.type || record.deleted || !record.entity) continue;
      const entity = reconcile(config, record.entity, record);
      const id = idString(config, entity);
      if (!entity || id === undefined || held.has(id) || !config.matches(entity, params)) continue;
      kept.splice(sortedIndex(kept, entity, config.sort, params), 0, entity);
      held.add(id);
      changed = true;
    }
  }
  const next = changed ? withListItems(value, kept, kept.length - items.length) : value;
  writes.index.reindexList(parsed.type, key, writes.idsOf(parsed.type, listItemsOf(previous)), writes.idsOf(parsed.type, kept));
  return next;
}

/** A detail answer brought up to what the store knows (see `reconcileWrite`), and indexed. */
function reconcileDetail(writes: EntityWrites, config: ResolvedEntityConfig, id: string, key: string, value: unknown, fetchStartedAt: number | undefined): unknown {
  const record = writes.records.get(config.type, id);
  const next = isObject(value) && record ? reconcile(config, value, record) : value;
  if (isObject(next)) {
    writes.index.set(config.type, id, key, DETAIL_POSITION);
    recordSnapshot(writes, config, next, key, config.versionOf(value));
    return next;
  }
  // "None" fetched before a create we took, or a copy of a life that ended before the one known: the answer is older.
  const older = isObject(value) || (value === null && fetchStartedAt !== undefined && record !== undefined && record.createdAt > fetchStartedAt);
  const later = older && record && !record.deleted && record.entity ? reconcile(config, record.entity, record) : undefined;
  if (later) {
    // Made of what events told, not a server answer: it raises no floor.
    writes.index.set(config.type, id, key, DETAIL_POSITION);
    return later;
  }
  // An explicit empty value (null) holds no entity: a create may fill it.
  if (next !== undefined) writes.index.remove(config.type, id, key);
  return next;
}

/**
 * Brings a snapshot up to what the record knows: undefined when deleted since; a snapshot older
 * than the newest one known takes its fields (those it has); newer event fields merged.
 */
export function reconcile(config: ResolvedEntityConfig, entity: Record<string, unknown>, record: EntityRecord): Record<string, unknown> | undefined {
  const version = config.versionOf(entity);
  if (typeof version !== 'number') return entity;
  if (record.isTombstonedAt(version)) return undefined;
  const newest = record.entity;
  const newestVersion = newest ? config.versionOf(newest) : undefined;
  // Only a newer whole copy tells more than this one: fields an event did not change are of its base.
  const fromNewest = typeof newestVersion === 'number' && record.base > version && !record.isTombstonedAt(record.base);
  let next: Record<string, unknown> | undefined = fromNewest ? overlay(entity, newest!) : undefined;
  let top = fromNewest ? (newestVersion as number) : version;
  record.forEachField((field, known, value) => {
    if (known <= version || known <= record.deletedAt) return;
    // The newer whole copy holds what events up to its base set (a late event above the base it may lack).
    if (fromNewest && known <= record.base && Object.hasOwn(newest!, field) && Object.hasOwn(entity, field)) return;
    (next ??= { ...entity })[field] = value;
    if (known > top) top = known;
  });
  if (!next) return entity;
  next[config.versionField] = top;
  return next;
}

/** `target` with the fields it has taken from `source`. */
function overlay(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const next = { ...target };
  for (const field in target) if (Object.hasOwn(source, field)) next[field] = source[field];
  return next;
}

/**
 * Records a snapshot answered at `answeredAt` and written under `key` as `entity` (brought up to
 * the events known since); one newer than every snapshot before brings the copies the other
 * entries hold up to it (the fields each has), as a refetch of them would.
 */
function recordSnapshot(writes: EntityWrites, config: ResolvedEntityConfig, entity: Record<string, unknown>, key: string, answeredAt: unknown): void {
  const id = idString(config, entity);
  const version = config.versionOf(entity);
  if (id === undefined || typeof version !== 'number' || typeof answeredAt !== 'number') return;
  const record = writes.records.ensure(config.type, id);
  const newer = answeredAt > record.floor;
  const previous = record.entity;
  // The floor is the answer's own version: events above it that it does not hold may still come.
  record.recordAlive(answeredAt, true);
  const known = previous ? config.versionOf(previous) : undefined;
  if (typeof known !== 'number' || version >= known) {
    record.entity = entity;
    if (answeredAt > record.base) record.base = answeredAt;
  }
  if (!newer) return;
  spreadSnapshot(writes, config, id, entity, version, key);
  // The entity changed where it belongs since it was last known: as a refetch of every list would show.
  if (
    previous &&
    previous !== entity &&
    (config.onCreate === 'insert' || config.sort) &&
    Object.keys(entity).some((field) => config.movesOn(field) && !Object.is(entity[field], previous[field]))
  ) {
    writes.write(() => placeInLists(writes, config, id, record.entity!, key));
  }
  const detail = detailKey(config.type, id);
  // A detail that said "none" is older than this snapshot of the entity: fetch it again.
  if (key !== detail && writes.hub.peek(detail) === null) void Promise.resolve().then(() => writes.hub.invalidate(detail));
}

function spreadSnapshot(writes: EntityWrites, config: ResolvedEntityConfig, id: string, snapshot: Record<string, unknown>, version: number, except: string): void {
  const holders = writes.index.pairsOf(config.type, id);
  if (holders.length === 0) return;
  writes.write(() => {
    for (const [entry, position] of holders) {
      if (entry.key === except) continue;
      const items = position === DETAIL_POSITION ? undefined : listItemsOf(entry.base);
      const copy = items ? items[position] : entry.base;
      const copyVersion = isObject(copy) ? config.versionOf(copy) : undefined;
      if (!isObject(copy) || typeof copyVersion !== 'number' || idString(config, copy) !== id) continue;
      // Every copy is older than this snapshot, though its version may be a later event's.
      const next = overlay(copy, snapshot);
      next[config.versionField] = Math.max(copyVersion, version);
      if (Object.keys(next).every((field) => Object.is(next[field], copy[field]))) continue;
      if (items) writes.replaceItem(entry, items, position, next);
      else writes.writeEntry(entry, next);
    }
  });
}
