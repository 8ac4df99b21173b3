import type { CacheHub } from '../cache-hub';
import { CacheHubError, type CacheHubErrorCode } from '../cache-hub-error';
import type { CacheWriteContext } from '../cache-hub-plugin';
import { assertValidNamespace } from '../cache-key';
import { findForbiddenOwnKey } from '../forbidden-keys';
import type { EntityEvent } from './entity-event';
import { EntityConfig, EntityId, resolveEntityConfig, ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION, EntityIndex } from './entity-index';
import { detailKey, parseEntityKey } from './entity-key';
import type { EntityRecord } from './entity-record';
import { EntityRecords } from './entity-records';
import { listItemsOf, withListItems } from './list-value';

/** An update event: `changes` merged into the entity when `version` is newer. */
export interface EntityUpdate {
  readonly entityType: string;
  readonly entityId: EntityId;
  readonly changes: Readonly<Record<string, any>>;
  readonly version: number;
}

/** A create event carrying the whole entity (with id and version). */
export interface EntityCreate {
  readonly entityType: string;
  readonly entity: Readonly<Record<string, any>>;
}

/** A delete event; it leaves a tombstone at `version`. */
export interface EntityDelete {
  readonly entityType: string;
  readonly entityId: EntityId;
  readonly version: number;
}

const DEFAULT_MAX_RECORDS = 50_000;
const MAX_RECENT_CREATES = 1000;

/**
 * Applies versioned entity events to every cached detail and list that holds the entity.
 *
 * Keys follow `type:detail-<id>` and `type:list-<params>` (a list is an array or `{ items,
 * totalCount }`). Versions are tracked per field, last writer wins, so any order and any
 * duplication of the same events converge; deletes leave tombstones; a fetched payload older than
 * a known update is brought up to date as it is written, so a fetch never reverts the cache.
 */
export class EntityStore {
  private readonly configs = new Map<string, ResolvedEntityConfig>();
  private readonly index = new EntityIndex();
  private readonly records: EntityRecords;
  /** The latest creates, newest last, to insert them into lists whose fetch started before them. */
  private readonly recentCreates: { readonly type: string; readonly record: EntityRecord }[] = [];
  private applying = false;
  /**
   * Inside `batch()`: the list copies this batch made, by key. Nobody has seen them yet (observers
   * hear at the end of the batch), so later events of the batch write into them in place.
   */
  private owned: Map<string, unknown[]> | null = null;
  private readonly detach: () => void;

  constructor(
    private readonly hub: CacheHub,
    maxRecords = DEFAULT_MAX_RECORDS,
  ) {
    this.records = new EntityRecords(maxRecords, (type, id) => this.index.isHeld(type, id));
    this.detach = hub.registerPlugin({
      beforeWrite: (value, context) => (this.applying ? value : this.onWrite(value, context)),
      afterRemove: (key, previous) => this.onRemove(key, previous),
    });
  }

  /** Says how an entity type lives in the hub. Types never registered use the defaults. */
  register(type: string, config?: EntityConfig): void {
    assertValidNamespace(type);
    this.configs.set(type, resolveEntityConfig(type, config));
  }

  /** The config of a type (defaults when it was never registered). */
  configOf(type: string): ResolvedEntityConfig {
    let config = this.configs.get(type);
    if (!config) this.configs.set(type, (config = resolveEntityConfig(type)));
    return config;
  }

  /**
   * Runs `fn` (which applies events) in one hub transaction, copying each touched list once
   * instead of once per event: observers get one notification per key, at the end.
   */
  batch<R>(fn: () => R): R {
    if (this.owned) return fn();
    const owned = (this.owned = new Map());
    return this.hub.transaction(() => {
      try {
        return fn();
      } finally {
        // Before observers hear (at the transaction's end), so nothing they were given is written again.
        this.owned = null;
        // Lists written in place still need their views recomputed and their observers told.
        this.hub.recompute([...owned.keys()].filter((key) => this.hub.peek(key) !== undefined));
      }
    });
  }

  /** Applies one protocol event; BULK_UPDATE invalidates the type. Returns whether the cache changed. */
  apply(event: EntityEvent): boolean {
    switch (event.type) {
      case 'ENTITY_UPDATED':
        return this.applyUpdate(event.data);
      case 'ENTITY_CREATED':
        return this.applyCreate(event.data);
      case 'ENTITY_DELETED':
        return this.applyDelete(event.data);
      case 'BULK_UPDATE':
        return this.invalidateType(event.data.entityType) > 0;
    }
  }

  /** Merges newer fields into the detail and every list item holding the entity. Returns whether anything changed. */
  applyUpdate(update: EntityUpdate): boolean {
    const id = String(update.entityId);
    const record = this.records.ensure(update.entityType, id);
    if (record.isTombstonedAt(update.version)) return false;
    const winning = record.recordChanges(update.changes, update.version);
    if (record.deleted || !winning) return false;
    return this.patchHolders(update.entityType, id, winning, update.version);
  }

  /** Sets the detail and inserts into matching lists (or invalidates them, per `onCreate`). */
  applyCreate(create: EntityCreate): boolean {
    const config = this.configOf(create.entityType);
    const entity = create.entity;
    const forbidden = isObject(entity) ? findForbiddenOwnKey(entity) : undefined;
    if (forbidden !== undefined) {
      throw new CacheHubError(103 satisfies CacheHubErrorCode.ForbiddenKey, `A created '${create.entityType}' entity has the key "${forbidden}", which could pollute prototypes`);
    }
    const id = String(config.idOf(entity));
    const version = config.versionOf(entity);
    if (!isEntityId(config.idOf(entity)) || typeof version !== 'number' || !Number.isFinite(version)) {
      throw new CacheHubError(201 satisfies CacheHubErrorCode.InvalidEntity, `A created '${create.entityType}' entity needs an id and a finite version`);
    }
    const record = this.records.ensure(create.entityType, id);
    if (record.isTombstonedAt(version)) return false;
    if (record.deleted) record.rebirth(version);
    const winning = record.recordChanges(entity, version);
    if (record.created !== undefined || this.index.isHeld(create.entityType, id)) {
      return winning ? this.patchHolders(create.entityType, id, winning, version) : false;
    }
    record.createdAt = this.hub.logicalTime();
    const created = this.reconcile(config, { ...entity }, record);
    record.created = created;
    this.recentCreates.push({ type: create.entityType, record });
    if (this.recentCreates.length > MAX_RECENT_CREATES) this.recentCreates.shift();
    this.write(() => {
      this.hub.set(detailKey(create.entityType, id), created);
      this.index.set(create.entityType, id, detailKey(create.entityType, id), DETAIL_POSITION);
      if (config.onCreate === 'invalidate') return;
      for (const key of this.listKeys(create.entityType)) {
        if (this.index.holdersOf(create.entityType, id)?.has(key)) continue;
        const params = (parseEntityKey(key) as { params: unknown }).params;
        if (config.matches(created, params)) this.rewriteList(config, key, (items) => insertSorted(items, created, config.sort), 1);
      }
    });
    // Outside the store's own writes: a refetch that answers at once must be reconciled and indexed.
    if (config.onCreate === 'invalidate') this.invalidateLists(create.entityType);
    return true;
  }

  /** Removes the entity from its detail and every list, leaving a tombstone at `version`. */
  applyDelete(deletion: EntityDelete): boolean {
    const id = String(deletion.entityId);
    const record = this.records.ensure(deletion.entityType, id);
    if (deletion.version < record.version || (record.deleted && deletion.version === record.version)) return false;
    record.deleted = true;
    record.version = deletion.version;
    record.created = undefined;
    const config = this.configOf(deletion.entityType);
    const holders = this.index.holdersOf(deletion.entityType, id);
    if (!holders) return true;
    this.write(() => {
      for (const [key, position] of [...holders]) {
        if (position === DETAIL_POSITION) {
          this.hub.delete(key);
          this.index.remove(deletion.entityType, id, key);
        } else {
          this.rewriteList(config, key, (items) => items.filter((item) => String(config.idOf(item)) !== id), -1);
        }
      }
    });
    return true;
  }

  /** Invalidates every entry of the type's namespace; observed ones refetch. */
  invalidateType(type: string): number {
    return this.hub.invalidate(new RegExp(`^${escapeRegExp(type)}:`));
  }

  /** Replaces a temporary id by the server's in the detail, every list and the version record. */
  remapId(type: string, tempId: EntityId, serverId: EntityId): void {
    const from = String(tempId);
    const to = String(serverId);
    const config = this.configOf(type);
    const rename = (item: any) => (String(config.idOf(item)) === from && config.idField ? { ...item, [config.idField]: serverId } : item);
    this.records.rename(type, from, to);
    const holders = this.index.holdersOf(type, from);
    if (!holders) return;
    this.write(() => {
      for (const [key, position] of [...holders]) {
        const value = this.hub.peek(key);
        if (position === DETAIL_POSITION) {
          this.hub.delete(key);
          this.index.remove(type, from, key);
          this.hub.set(detailKey(type, to), rename(value));
          this.index.set(type, to, detailKey(type, to), DETAIL_POSITION);
        } else {
          this.rewriteList(config, key, (items) => items.map(rename), 0);
        }
      }
    });
  }

  /** Stops listening to the hub. */
  destroy(): void {
    this.detach();
  }

  // ---- writes coming from the hub (sets and fetches) ----

  private onWrite(value: unknown, { key, previous, fetchStartedAt }: CacheWriteContext): unknown {
    const parsed = parseEntityKey(key);
    if (!parsed || value === undefined) return value;
    const config = this.configOf(parsed.type);
    if (parsed.kind === 'detail') {
      const record = this.records.get(parsed.type, parsed.id);
      const next = record && isObject(value) ? this.reconcile(config, value, record) : value;
      if (next !== undefined) {
        this.index.set(parsed.type, parsed.id, key, DETAIL_POSITION);
        this.recordSnapshot(config, value);
      }
      return next;
    }
    const items = listItemsOf(value);
    if (!items) return value;
    const kept: unknown[] = [];
    let changed = false;
    for (const item of items) {
      const id = isObject(item) ? config.idOf(item) : undefined;
      const record = isEntityId(id) ? this.records.get(parsed.type, String(id)) : undefined;
      const next = record ? this.reconcile(config, item as Record<string, unknown>, record) : item;
      if (next !== item) changed = true;
      if (next === undefined) continue;
      kept.push(next);
      this.recordSnapshot(config, item);
    }
    const missed = fetchStartedAt === undefined ? [] : this.createdSince(config, parsed.type, fetchStartedAt, kept, parsed.params);
    for (const created of missed) insertSorted(kept, created, config.sort, true);
    const delta = kept.length - items.length;
    const next = changed || delta !== 0 ? withListItems(value, kept, delta) : value;
    this.index.reindexList(parsed.type, key, this.idsOf(config, listItemsOf(previous)), this.idsOf(config, kept));
    return next;
  }

  private onRemove(key: string, previous: unknown): void {
    const parsed = parseEntityKey(key);
    if (!parsed) return;
    if (parsed.kind === 'detail') this.index.remove(parsed.type, parsed.id, key);
    else this.index.reindexList(parsed.type, key, this.idsOf(this.configOf(parsed.type), listItemsOf(previous)), []);
  }

  // ---- internals ----

  /** Brings a snapshot up to what the record knows: undefined when deleted since, newer fields merged. */
  private reconcile(config: ResolvedEntityConfig, entity: Record<string, unknown>, record: EntityRecord): Record<string, unknown> | undefined {
    const version = config.versionOf(entity);
    if (typeof version !== 'number') return entity;
    if (record.isTombstonedAt(version)) return undefined;
    const newer = record.newerThan(version);
    if (!newer) return entity;
    return { ...entity, ...newer, [config.versionField]: Math.max(version, record.version) };
  }

  private recordSnapshot(config: ResolvedEntityConfig, entity: unknown): void {
    if (!isObject(entity)) return;
    const id = config.idOf(entity);
    const version = config.versionOf(entity);
    if (isEntityId(id) && typeof version === 'number') this.records.ensure(config.type, String(id)).recordSnapshot(version);
  }

  /** Entities created after a list's fetch started that the list should hold but does not. */
  private createdSince(config: ResolvedEntityConfig, type: string, since: number, held: unknown[], params: unknown): unknown[] {
    if (config.onCreate !== 'insert') return [];
    const heldIds = new Set(this.idsOf(config, held));
    const missed: unknown[] = [];
    for (let i = this.recentCreates.length - 1; i >= 0 && this.recentCreates[i].record.createdAt > since; i--) {
      const { type: createdType, record } = this.recentCreates[i];
      if (createdType !== type || record.deleted || record.created === undefined) continue;
      if (heldIds.has(String(config.idOf(record.created))) || !config.matches(record.created, params)) continue;
      missed.unshift(this.reconcile(config, record.created as Record<string, unknown>, record) ?? record.created);
    }
    return missed;
  }

  private patchHolders(type: string, id: string, winning: Record<string, unknown>, version: number): boolean {
    const holders = this.index.holdersOf(type, id);
    if (!holders) return false;
    const config = this.configOf(type);
    let changed = false;
    const owned = this.owned;
    this.write(() => {
      for (const [key, position] of holders) {
        const value = this.hub.peek(key);
        const items = position === DETAIL_POSITION ? undefined : listItemsOf(value);
        const entity = items ? items[position] : value;
        if (!isObject(entity) || (items && String(config.idOf(entity)) !== id)) continue;
        const next = merge(entity, winning, version, config.versionField);
        if (next === undefined) continue;
        changed = true;
        if (!items) {
          this.hub.set(key, next);
        } else if (owned?.get(key) === items) {
          // Inside batch(), a list this batch copied is written in place: one copy per list per batch.
          (items as unknown[])[position] = next;
        } else {
          const copy = items.slice();
          copy[position] = next;
          owned?.set(key, copy);
          this.hub.set(key, withListItems(value, copy));
        }
      }
    });
    return changed;
  }

  private rewriteList(config: ResolvedEntityConfig, key: string, edit: (items: unknown[]) => unknown[], countDelta: number): void {
    const value = this.hub.peek(key);
    const before = listItemsOf(value);
    if (!before) return;
    const after = edit(before.slice());
    const delta = countDelta === 0 ? 0 : after.length - before.length;
    this.hub.set(key, withListItems(value, after, delta));
    this.index.reindexList(config.type, key, this.idsOf(config, before), this.idsOf(config, after));
  }

  private invalidateLists(type: string): void {
    const lists = new Set(this.listKeys(type));
    this.hub.invalidate((key) => lists.has(key));
  }

  private listKeys(type: string): string[] {
    return [...this.hub.keysInNamespace(type)].filter((key) => parseEntityKey(key)?.kind === 'list');
  }

  private idsOf(config: ResolvedEntityConfig, items: readonly unknown[] | undefined): string[] {
    const ids: string[] = [];
    for (const item of items ?? []) {
      const id = isObject(item) ? config.idOf(item) : undefined;
      if (isEntityId(id)) ids.push(String(id));
    }
    return ids;
  }

  private write(fn: () => void): void {
    const wasApplying = this.applying;
    this.applying = true;
    try {
      this.hub.transaction(fn);
    } finally {
      this.applying = wasApplying;
    }
  }
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

function insertSorted(items: unknown[], entity: unknown, sort: ((a: any, b: any) => number) | undefined, inPlace = false): unknown[] {
  const target = inPlace ? items : items.slice();
  if (!sort) {
    target.push(entity);
    return target;
  }
  let at = target.findIndex((item) => sort(entity, item) < 0);
  if (at < 0) at = target.length;
  target.splice(at, 0, entity);
  return target;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEntityId(id: unknown): id is EntityId {
  return (typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isFinite(id));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
