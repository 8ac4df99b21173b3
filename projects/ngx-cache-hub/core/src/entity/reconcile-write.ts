import type { CacheEntry } from '../hub/cache-entry';
import type { CacheWriteContext } from '../hub/cache-hub-plugin';
import type { ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION } from './entity-index';
import { detailKey, parseEntityKey, type ParsedEntityKey } from './entity-key';
import type { EntityRecord } from './entity-record';
import { hasFieldsBeyond, idString, isObject, type EntityWrites } from './entity-writes';
import { placeInLists, resortChanged, sortedIndex } from './list-membership';
import { listItemsOf, withListItems } from './list-value';
import { noteAnswer, noteMade } from './late-fields';

/**
 * A fetched or set value of an entity key, brought up to what the store knows, and indexed: a
 * detail or list item older than a known event gets the newer fields (and its place in `sort`
 * order), one deleted since is dropped, one that moved out of a list since is dropped from it,
 * and entities created or moved into a list after its fetch started are inserted. A fetch never
 * reverts the cache.
 */
export function reconcileWrite(writes: EntityWrites, value: unknown, context: CacheWriteContext): unknown {
  const parsed = parseEntityKey(context.key);
  if (!parsed || value === undefined) return value;
  // What an answer changes in other entries (copies brought up to it, moves) reaches their observers as one change.
  return writes.hub.transaction(() => reconcileEntityWrite(writes, value, context, parsed));
}

function reconcileEntityWrite(writes: EntityWrites, value: unknown, { key, previous, fetchStartedAt }: CacheWriteContext, parsed: ParsedEntityKey): unknown {
  const config = writes.configOf(parsed.type);
  if (parsed.kind === 'detail') return reconcileDetail(writes, config, parsed.id, key, value, fetchStartedAt);
  const items = listItemsOf(value);
  if (!items) return value;
  writes.noteList(parsed.type, key);
  const membership = config.onCreate === 'insert';
  const params = parsed.params;
  const kept: unknown[] = [];
  let changed = false;
  let updated: Set<unknown> | undefined;
  let entry: CacheEntry | undefined;
  for (const item of items) {
    const id = idString(config, item);
    const record = id === undefined ? undefined : writes.records.get(parsed.type, id);
    let next: unknown = record ? reconcile(config, item as Record<string, unknown>, record) : item;
    if (next !== item && next !== undefined && membership && !config.matches(next, params)) next = undefined;
    if (next !== item) changed = true;
    if (next === undefined) continue;
    kept.push(next);
    if (next !== item && config.sort) (updated ??= new Set()).add(next);
    if (!isObject(next)) continue;
    if (record) noteAnswer(writes.lagging, record, (entry ??= writes.entryOf(key)), config.versionOf(item));
    recordSnapshot(writes, config, next, key, config.versionOf(item));
  }
  // Items that known events changed go where they sort now, as in a refetch.
  if (updated) resortChanged(kept, updated, config.sort!, params);
  if (fetchStartedAt !== undefined && membership) {
    const held = new Set(writes.idsOf(parsed.type, kept));
    for (const [record, { type, at }] of writes.recent) {
      if (at <= fetchStartedAt || type !== parsed.type || record.deleted || !record.entity) continue;
      const entity = wholeOf(config, record.entity, record);
      const id = idString(config, entity);
      if (!entity || id === undefined || held.has(id) || !config.matches(entity, params)) continue;
      kept.splice(sortedIndex(kept, entity, config.sort, params), 0, entity);
      // Made by the store: events older than the newest snapshot that come late still reach it.
      noteAnswer(writes.lagging, record, (entry ??= writes.entryOf(key)), Number.NEGATIVE_INFINITY);
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
    if (record) noteAnswer(writes.lagging, record, writes.entryOf(key), config.versionOf(value));
    recordSnapshot(writes, config, next, key, config.versionOf(value));
    return next;
  }
  // "None" fetched before a create we took, or a copy of a life that ended before the one known: the answer is older.
  const older = isObject(value) || (value === null && fetchStartedAt !== undefined && record !== undefined && record.createdAt > fetchStartedAt);
  const later = older && record && !record.deleted && record.entity ? wholeOf(config, record.entity, record) : undefined;
  if (later) {
    // Made of what events told, not a server answer: it raises no floor, and events that come late reach it.
    writes.index.set(config.type, id, key, DETAIL_POSITION);
    noteAnswer(writes.lagging, record!, writes.entryOf(key), Number.NEGATIVE_INFINITY);
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
    // An event older than the newest copy adds the field it set, with that copy's value when it
    // has one. (If that copy is of a later life, the delete between, when it comes, undoes this.)
    const inNewest = fromNewest && known < record.base && Object.hasOwn(newest!, field);
    if (inNewest && Object.hasOwn(entity, field)) return;
    (next ??= { ...entity })[field] = inNewest ? newest![field] : value;
    if (known > top) top = known;
  });
  if (!next) return entity;
  next[config.versionField] = top;
  return next;
}

/**
 * `entity`, with the fields only `previous` has when both are copies of one version (one may be a
 * projection): the widest copy known of that version.
 */
export function widest(config: ResolvedEntityConfig, previous: Record<string, unknown>, entity: Record<string, unknown>): Record<string, unknown> {
  if (previous === entity || config.versionOf(previous) !== config.versionOf(entity)) return entity;
  return hasFieldsBeyond(previous, entity) ? { ...previous, ...entity } : entity;
}

/**
 * A detail the store makes of what it knows (no answer has it): `entity` with every field the
 * events of its life set, brought up to date.
 */
export function wholeOf(config: ResolvedEntityConfig, entity: Record<string, unknown>, record: EntityRecord): Record<string, unknown> | undefined {
  let whole = entity;
  record.forEachField((field, known, value) => {
    if (known > record.deletedAt && !Object.hasOwn(whole, field)) (whole === entity ? (whole = { ...entity }) : whole)[field] = value;
  });
  return reconcile(config, whole, record);
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
  // An answer older than the record's whole copy, though brought up to date, holds older fields
  // too: it never replaces it. One of the same version may be a projection: it widens it.
  if (!previous || answeredAt >= record.base) {
    record.entity = previous && answeredAt === record.base ? widest(config, previous, entity) : entity;
    record.base = answeredAt;
  }
  if (!newer) return;
  spreadSnapshot(writes, config, record, id, entity, version, key);
  // The entity changed where it belongs since it was last known: as a refetch of every list would show.
  if (
    previous &&
    previous !== entity &&
    (config.onCreate === 'insert' || config.sort) &&
    Object.keys(entity).some((field) => config.movesOn(field) && !Object.is(entity[field], previous[field]))
  ) {
    const before = writes.index.holdersOf(config.type, id)?.slice() ?? [];
    writes.write(() => placeInLists(writes, config, id, wholeOf(config, record.entity!, record) ?? record.entity!, key));
    noteMade(writes, config, record, id, Number.NEGATIVE_INFINITY, before);
  }
  const detail = detailKey(config.type, id);
  // A detail that said "none" is older than this snapshot of the entity: fetch it again.
  if (key !== detail && writes.hub.peek(detail) === null) void Promise.resolve().then(() => writes.hub.invalidate(detail));
}

function spreadSnapshot(
  writes: EntityWrites,
  config: ResolvedEntityConfig,
  record: EntityRecord,
  id: string,
  snapshot: Record<string, unknown>,
  version: number,
  except: string,
): void {
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
      noteAnswer(writes.lagging, record, entry, copyVersion, false);
      const next = overlay(copy, snapshot);
      next[config.versionField] = Math.max(copyVersion, version);
      if (Object.keys(next).every((field) => Object.is(next[field], copy[field]))) continue;
      if (items) writes.replaceItem(entry, items, position, next);
      else writes.writeEntry(entry, next);
    }
  });
}
