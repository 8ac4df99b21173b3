import { type ResolvedEntityConfig } from './entity-config';
import { checkCreate } from './check-entity-event';
import type { EntityRecord } from './entity-record';
import { detailKey } from './entity-key';
import type { EntityCreate } from './entity-store';
import { type EntityWrites } from './entity-writes';
import { heldEntity } from './apply-update';
import { patchHolders } from './patch-holders';
import { placeInLists } from './list-membership';
import { reconcile, wholeOf, widest } from './reconcile-write';
import { addLateFields, noteMade } from './late-fields';

/**
 * Sets the detail of a created entity and inserts it into the lists whose `matches` accepts it
 * (or invalidates the type's lists, per `onCreate`). A create older than a known delete is of a
 * life that ended and changes nothing; updates newer than the create that arrived before it are
 * applied to it. Returns whether the cache changed.
 *
 * @throws CacheHubError `ForbiddenKey` for a prototype key, `InvalidEntity` without an id and a finite version.
 */
export function applyCreate(writes: EntityWrites, create: EntityCreate): boolean {
  const config = writes.configOf(create.entityType);
  const entity = create.entity;
  checkCreate(config, create);
  const rawId = config.idOf(entity);
  const version = config.versionOf(entity) as number;
  const id = String(rawId);
  const record = writes.records.ensure(config.type, id);
  if (record.isTombstonedAt(version)) return false;
  record.recordAlive(version, false);
  const winning = record.recordChanges(entity, version);
  // A create is whole at its version, as a snapshot is.
  if (version > record.base) record.base = version;
  const membership = config.onCreate === 'insert';
  // A repeat of the create of this life (a delete resets it), or news.
  const repeated = record.createdAt !== 0;
  // Taken now, also when a cached answer held it already: answers fetched before are older than it.
  record.createdAt = writes.hub.logicalTime();
  if (writes.index.isHeld(config.type, id)) {
    // One change for observers: the patch, the detail and the lists.
    let changed = false;
    const before = writes.index.holdersOf(config.type, id)!.slice();
    writes.write(() => (changed = createHeld(writes, config, id, entity, version, record, winning)));
    noteMade(writes, config, record, id, version, before);
    if (version <= record.floor) changed = addLateFields(writes, config, record, id, entity, version) || changed;
    if (membership || repeated) return changed;
    // An answer that held it came first: the lists without it may be older than the create.
    return writes.invalidateLists(config.type, writes.index.holdersOf(config.type, id)) > 0 || changed;
  }
  const created = reconcile(config, { ...entity }, record)!;
  record.entity = created;
  writes.write(() => {
    writes.setDetail(config.type, id, detailKey(config.type, id), created);
    if (membership) placeInLists(writes, config, id, created);
  });
  noteMade(writes, config, record, id, version, []);
  if (membership) writes.noteMoved(config.type, record);
  // Outside the store's own writes: a refetch that answers at once must be reconciled and indexed.
  else writes.invalidateLists(config.type);
  return true;
}

/** A create of an entity cached entries hold already (a replay, or an answer that came first). Inside the store's write. */
function createHeld(
  writes: EntityWrites,
  config: ResolvedEntityConfig,
  id: string,
  entity: Record<string, unknown>,
  version: number,
  record: EntityRecord,
  winning: Readonly<Record<string, unknown>> | undefined,
): boolean {
  let changed = winning ? patchHolders(writes, config, id, winning, version, true) : false;
  const key = detailKey(config.type, id);
  if (writes.hub.peek(key) == null) {
    // The detail said "none" (fetched before the create) or holds nothing: it is the created entity now.
    writes.setDetail(config.type, id, key, wholeOf(config, { ...(heldEntity(writes, config, id) ?? {}), ...entity }, record)!);
    changed = true;
  }
  // The newest copy, the record's unless a holder's is newer (patched by this create), with the
  // created fields when of one version (a projection an answer gave came first). A holder's copy
  // never widens it: it may be made of an older answer.
  const held = heldEntity(writes, config, id);
  const known = record.entity;
  const newest = known && held && Number(config.versionOf(held)) > Number(config.versionOf(known)) ? held : (known ?? held ?? entity);
  const whole = (record.entity = widest(config, entity, newest));
  if (config.onCreate !== 'insert' || !whole) return changed;
  writes.noteMoved(config.type, record);
  return placeInLists(writes, config, id, wholeOf(config, whole, record) ?? whole) || changed;
}
