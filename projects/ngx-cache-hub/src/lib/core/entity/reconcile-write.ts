import type { CacheWriteContext } from '../cache-hub-plugin';
import type { ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION } from './entity-index';
import { parseEntityKey } from './entity-key';
import type { EntityRecord } from './entity-record';
import { idString, isObject, type EntityWrites } from './entity-writes';
import { insertSorted } from './list-membership';
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
  if (parsed.kind === 'detail') {
    if (!isObject(value)) {
      // An explicit empty value (null) holds no entity: a create may fill it.
      writes.index.remove(parsed.type, parsed.id, key);
      return value;
    }
    const record = writes.records.get(parsed.type, parsed.id);
    const next = record ? reconcile(config, value, record) : value;
    if (next === undefined) return next;
    writes.index.set(parsed.type, parsed.id, key, DETAIL_POSITION);
    recordSnapshot(writes, config, next);
    return next;
  }
  const items = listItemsOf(value);
  if (!items) return value;
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
    recordSnapshot(writes, config, next);
  }
  if (fetchStartedAt !== undefined && membership) {
    const held = new Set(writes.idsOf(parsed.type, kept));
    for (const [record, { type, at }] of writes.recent) {
      if (at <= fetchStartedAt || type !== parsed.type || record.deleted || !record.entity) continue;
      const entity = reconcile(config, record.entity, record);
      const id = idString(config, entity);
      if (!entity || id === undefined || held.has(id) || !config.matches(entity, params)) continue;
      insertSorted(kept, entity, config.sort, params);
      held.add(id);
      changed = true;
    }
  }
  const next = changed ? withListItems(value, kept, kept.length - items.length) : value;
  writes.index.reindexList(parsed.type, key, writes.idsOf(parsed.type, listItemsOf(previous)), writes.idsOf(parsed.type, kept));
  return next;
}

/** Brings a snapshot up to what the record knows: undefined when deleted since, newer fields merged. */
export function reconcile(config: ResolvedEntityConfig, entity: Record<string, unknown>, record: EntityRecord): Record<string, unknown> | undefined {
  const version = config.versionOf(entity);
  if (typeof version !== 'number') return entity;
  if (record.isTombstonedAt(version)) return undefined;
  const newer = record.newerThan(version);
  if (!newer) return entity;
  return { ...entity, ...newer, [config.versionField]: Math.max(version, record.version) };
}

function recordSnapshot(writes: EntityWrites, config: ResolvedEntityConfig, entity: Record<string, unknown>): void {
  const id = idString(config, entity);
  const version = config.versionOf(entity);
  if (id === undefined || typeof version !== 'number') return;
  const record = writes.records.ensure(config.type, id);
  record.recordAlive(version, true);
  if (config.onCreate === 'insert' || config.sort) record.entity = entity;
}
