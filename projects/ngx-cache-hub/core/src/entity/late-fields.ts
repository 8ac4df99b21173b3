import type { CacheEntry } from '../hub/cache-entry';
import { FORBIDDEN_KEYS } from '../hub/forbidden-keys';
import type { ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION, positionIn } from './entity-index';
import type { EntityRecord } from './entity-record';
import { idString, isObject, type EntityWrites } from './entity-writes';
import { listItemsOf } from './list-value';

const MAX_LAGGING = 5000;

/**
 * Copies made of an answer older than the entity's newest snapshot (brought up to it, field by
 * field): by record, the entries holding one and the version it was answered at. An event between
 * the two that comes late still adds the fields it sets to them (see {@link addLateFields}).
 */
export type LaggingCopies = Map<EntityRecord, Map<CacheEntry, number>>;

/**
 * Notes that the copy `entry` holds was answered at `answered` (−Infinity: made by the store),
 * when that is older than the record's newest whole copy. `fresh`: the copy is new (an answer),
 * else it is the same copy brought up to a newer snapshot, still missing what it missed.
 */
export function noteAnswer(lagging: LaggingCopies, record: EntityRecord, entry: CacheEntry | undefined, answered: unknown, fresh = true): void {
  if (!entry || typeof answered !== 'number') return;
  let entries = lagging.get(record);
  const was = entries?.get(entry);
  if (answered >= record.base || (!fresh && was !== undefined && was <= answered)) {
    if (fresh) entries?.delete(entry);
    return;
  }
  if (!entries) {
    lagging.set(record, (entries = new Map()));
    if (lagging.size > MAX_LAGGING) lagging.delete(lagging.keys().next().value!);
  }
  entries.set(entry, answered);
}

/**
 * An event (or a create) at or below the floor changes no copy in place: each copy an answer
 * gave is as new. Copies made of older answers, or by the store, missed it: they get its fields,
 * as they would had it come in order, with the newest value known of each (the newest whole
 * copy's, unless a later event set it). The event may be of an earlier life: the delete that
 * ended it, when it comes, refetches those copies (see {@link endedCopies}). Returns whether a
 * copy changed.
 */
export function addLateFields(
  writes: EntityWrites,
  config: ResolvedEntityConfig,
  record: EntityRecord,
  id: string,
  changes: Readonly<Record<string, unknown>>,
  version: number,
): boolean {
  const entries = writes.lagging.get(record);
  if (!entries) return false;
  const holders = writes.index.holdersOf(config.type, id);
  let changed = false;
  writes.write(() => {
    for (const [entry, answered] of entries) {
      const position = positionIn(holders, entry);
      if (position === undefined) entries.delete(entry);
      if (position === undefined || answered >= version) continue;
      const items = position === DETAIL_POSITION ? undefined : listItemsOf(entry.base);
      const copy = items ? items[position] : entry.base;
      const next = isObject(copy) && idString(config, copy) === id ? withLateFields(config, record, copy, changes) : undefined;
      if (next === undefined) continue;
      changed = true;
      if (items) writes.replaceItem(entry, items, position, next);
      else writes.writeEntry(entry, next);
    }
  });
  if (entries.size === 0) writes.lagging.delete(record);
  return changed;
}

/** `copy` with the fields `changes` set, each at the newest value known; undefined when none differs. */
function withLateFields(
  config: ResolvedEntityConfig,
  record: EntityRecord,
  copy: Record<string, unknown>,
  changes: Readonly<Record<string, unknown>>,
): Record<string, unknown> | undefined {
  const newest = record.entity;
  let next: Record<string, unknown> | undefined;
  for (const field in changes) {
    if (!Object.hasOwn(changes, field) || FORBIDDEN_KEYS.has(field) || field === config.idField || field === config.versionField) continue;
    const known = record.fieldOf(field);
    const value = newest && Object.hasOwn(newest, field) && known.version < record.base ? newest[field] : known.version > Number.NEGATIVE_INFINITY ? known.value : changes[field];
    if (!Object.hasOwn(copy, field) || !Object.is(copy[field], value)) (next ??= { ...copy })[field] = value;
  }
  return next;
}

/**
 * Notes the copies the store just made of an entity (the entries holding it that `before`, the
 * holders until then, lacks) as made of what it knew at `version`: older than the newest whole
 * copy, they may miss events that come late.
 */
export function noteMade(writes: EntityWrites, config: ResolvedEntityConfig, record: EntityRecord, id: string, version: number, before: readonly unknown[]): void {
  if (version >= record.base) return;
  const holders = writes.index.holdersOf(config.type, id) ?? [];
  for (let at = 0; at < holders.length; at += 2) if (!before.includes(holders[at])) noteAnswer(writes.lagging, record, holders[at] as CacheEntry, version);
}

/**
 * The keys of entries whose copy was made of an answer before `version`, a delete that ended the
 * life it shows (a delete older than the newest whole copy): what they should hold is not known
 * here, so they are refetched. Forgets them as lagging.
 */
export function endedCopies(writes: EntityWrites, record: EntityRecord, version: number): Set<string> {
  const keys = new Set<string>();
  const entries = writes.lagging.get(record);
  for (const [entry, answered] of entries ?? []) {
    if (answered >= version) continue;
    keys.add(entry.key);
    entries!.delete(entry);
  }
  if (entries?.size === 0) writes.lagging.delete(record);
  return keys;
}
