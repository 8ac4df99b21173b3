import { Subject, type Observable } from 'rxjs';
import type { CacheHub } from '../hub/cache-hub';
import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { assertValidNamespace } from '../hub/cache-key';
import { applyCreate } from './apply-create';
import { checkCreate, checkEntityEvent, checkTarget, checkUpdate } from './check-entity-event';
import { applyDelete } from './apply-delete';
import { applyUpdate } from './apply-update';
import { EntityConfig, EntityId, resolveEntityConfig, ResolvedEntityConfig } from './entity-config';
import type { EntityEvent } from './entity-event';
import { DETAIL_POSITION } from './entity-index';
import { detailKey, parseEntityKey } from './entity-key';
import { EntityWrites } from './entity-writes';
import { listItemsOf } from './list-value';
import { reconcileWrite } from './reconcile-write';

declare const ngDevMode: boolean | undefined;

/** An update event: `changes` merged into the entity when `version` is newer. */
export interface EntityUpdate {
  /** The entity type (the namespace of its keys), e.g. `products`. */
  readonly entityType: string;
  readonly entityId: EntityId;
  /** The fields that changed and their new values; each wins unless the field has a newer version. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- field values of arbitrary entity types
  readonly changes: Readonly<Record<string, any>>;
  /** The entity's version after the change (the server's, increasing). */
  readonly version: number;
}

/** A create event carrying the whole entity (with id and version). */
export interface EntityCreate {
  /** The entity type (the namespace of its keys). */
  readonly entityType: string;
  /** The whole entity, with its id and version fields. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- field values of arbitrary entity types
  readonly entity: Readonly<Record<string, any>>;
}

/** A delete event; it leaves a tombstone at `version`. */
export interface EntityDelete {
  /** The entity type (the namespace of its keys). */
  readonly entityType: string;
  readonly entityId: EntityId;
  /** The version of the delete: a create or update at or below it is of the deleted life. */
  readonly version: number;
}

const DEFAULT_MAX_RECORDS = 50_000;

/**
 * Applies versioned entity events to every cached detail and list that holds the entity, exactly
 * as if the server's state had been refetched.
 *
 * Keys follow `type:detail-<id>` and `type:list-<params>` (a list is an array or `{ items,
 * totalCount }`). Versions are tracked per field, last writer wins, so any order and any
 * duplication of the same events converge; deletes leave tombstones; a fetched payload older than
 * a known update is brought up to date as it is written, so a fetch never reverts the cache.
 */
export class EntityStore {
  readonly #configs = new Map<string, ResolvedEntityConfig>();
  readonly #writes: EntityWrites;
  readonly #errors = new Subject<CacheHubError>();
  readonly #detach: () => void;

  /** Parts of events the store dropped (an update's `changes` that would rewrite the id or version), as typed errors. */
  readonly errors$: Observable<CacheHubError> = this.#errors.asObservable();

  /**
   * @param maxRecords How many entities' version records (field versions, tombstones) are kept;
   *   default 50 000. Past that, the oldest record no cached entry holds is forgotten, and an
   *   event older than what it knew (a late repeat of the create of an entity deleted long ago)
   *   counts as new. The real-time client drops repeats by stream position; this bounds what
   *   survives for events fed to the store directly.
   */
  constructor(
    private readonly hub: CacheHub,
    maxRecords = DEFAULT_MAX_RECORDS,
  ) {
    const writes = (this.#writes = new EntityWrites(hub, (type) => this.configOf(type), maxRecords));
    this.#detach = hub.registerPlugin({
      beforeWrite: (value, context) => (writes.applying ? value : reconcileWrite(writes, value, context)),
      afterRemove: (key, previous) => this.#onRemove(key, previous),
      destroyed: () => writes.clear(),
    });
  }

  /** Says how an entity type lives in the hub. Types never registered use the defaults. */
  register(type: string, config?: EntityConfig): void {
    assertValidNamespace(type);
    this.#configs.set(type, resolveEntityConfig(type, config));
  }

  /** The config of a type (defaults when it was never registered). */
  configOf(type: string): ResolvedEntityConfig {
    let config = this.#configs.get(type);
    if (!config) this.#configs.set(type, (config = resolveEntityConfig(type)));
    return config;
  }

  /**
   * Throws what {@link apply} would throw for the event's shape (a create is checked against its
   * type's config), without applying it. The batcher checks each event so before it buffers it.
   *
   * @throws CacheHubError `InvalidEntity` or `ForbiddenKey`.
   */
  check(event: EntityEvent): void {
    checkEntityEvent(event);
    if (event.type === 'ENTITY_CREATED') checkCreate(this.configOf(event.data.entityType), event.data);
  }

  /**
   * Runs `fn` (which applies events) in one hub transaction, copying each touched list once
   * instead of once per event: observers get one notification per key, at the end.
   */
  batch<R>(fn: () => R): R {
    const writes = this.#writes;
    if (writes.owned) return fn();
    const owned = (writes.owned = new Map());
    return this.hub.transaction(() => {
      try {
        return fn();
      } finally {
        // Before observers hear (at the transaction's end), so nothing they were given is written again.
        writes.owned = null;
        // Lists written in place still need their views recomputed and their observers told.
        writes.refresh(owned.keys());
      }
    });
  }

  /**
   * Applies one protocol event; BULK_UPDATE invalidates the type. Returns whether the cache changed.
   *
   * @throws CacheHubError `InvalidEntity` for an event without a known type, an entity type, an id, a finite version or an object of changes.
   */
  apply(event: EntityEvent): boolean {
    checkEntityEvent(event);
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

  /**
   * Merges newer fields into the detail and every list item holding the entity, moving it between
   * lists when `matches` or `sort` say so. An id or version field in `changes` is dropped and
   * reported on `errors$`. Returns whether anything changed.
   */
  applyUpdate(update: EntityUpdate): boolean {
    checkUpdate(update);
    const config = this.configOf(update.entityType);
    return applyUpdate(this.#writes, this.#withoutReserved(update, config), config);
  }

  /**
   * Applies updates of one entity (several versions, as a batch folds them) as one change: every
   * patch first, then one move between lists to where the entity ends. Returns whether anything changed.
   */
  applyUpdatesOf(updates: readonly EntityUpdate[]): boolean {
    if (updates.length === 0) return false;
    updates.forEach(checkUpdate);
    const config = this.configOf(updates[0].entityType);
    const checked = updates.map((update) => this.#withoutReserved(update, config));
    return applyUpdate(this.#writes, checked, config);
  }

  /** `update` without the id and version fields in its changes (reported on `errors$`). */
  #withoutReserved(update: EntityUpdate, config: ResolvedEntityConfig): EntityUpdate {
    const { idField, versionField } = config;
    if (!Object.hasOwn(update.changes, versionField) && (idField === undefined || !Object.hasOwn(update.changes, idField))) return update;
    const reserved = [idField, versionField].filter((field) => field !== undefined && Object.hasOwn(update.changes, field));
    const changes = { ...update.changes };
    for (const field of reserved) delete changes[field!];
    this.#errors.next(
      new CacheHubError(
        207 satisfies CacheHubErrorCode.ReservedFieldChanged,
        (typeof ngDevMode === 'undefined' || ngDevMode) &&
          `An update of '${update.entityType}' ${update.entityId} tried to change ${reserved.join(' and ')}; those fields were dropped. Send a delete and a create to change an id`,
      ),
    );
    return { ...update, changes };
  }

  /** Sets the detail and inserts into matching lists (or invalidates them, per `onCreate`). */
  applyCreate(create: EntityCreate): boolean {
    return applyCreate(this.#writes, create);
  }

  /** Removes the entity from its detail and every list, leaving a tombstone at `version`. */
  applyDelete(deletion: EntityDelete): boolean {
    checkTarget(deletion, true);
    return applyDelete(this.#writes, deletion);
  }

  /** Invalidates every entry of the type's namespace; observed ones refetch. */
  invalidateType(type: string): number {
    return this.hub.invalidate((key) => key.startsWith(`${type}:`));
  }

  /**
   * Forgets what the store knows of a type's versions and tombstones: the server started a new
   * history (its versions may repeat), so only what it answers from now on counts. Cached entries
   * stay until they are refetched.
   */
  forgetType(type: string): void {
    this.#writes.records.clearType(type);
    this.#writes.lagging.clear();
    for (const [record, { type: recordType }] of this.#writes.recent) if (recordType === type) this.#writes.recent.delete(record);
  }

  /** Replaces a temporary id by the server's in the detail, every list and the version record. */
  remapId(type: string, tempId: EntityId, serverId: EntityId): void {
    const writes = this.#writes;
    const from = String(tempId);
    const to = String(serverId);
    const config = this.configOf(type);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- items of any registered entity type
    const rename = (item: any) => (String(config.idOf(item)) === from && config.idField ? { ...item, [config.idField]: serverId } : item);
    writes.records.rename(type, from, to);
    const holders = writes.index.pairsOf(type, from);
    if (holders.length === 0) return;
    writes.write(() => {
      for (const [{ key, base: value }, position] of holders) {
        if (position === DETAIL_POSITION) {
          this.hub.delete(key);
          writes.index.remove(type, from, key);
          writes.setDetail(type, to, detailKey(type, to), rename(value));
        } else {
          writes.rewriteList(type, key, (items) => items.map(rename), false);
        }
      }
    });
  }

  /** Stops listening to the hub. */
  destroy(): void {
    this.#detach();
  }

  #onRemove(key: string, previous: unknown): void {
    const parsed = parseEntityKey(key);
    if (!parsed) return;
    if (parsed.kind === 'detail') this.#writes.index.remove(parsed.type, parsed.id, key);
    else this.#writes.index.reindexList(parsed.type, key, this.#writes.idsOf(parsed.type, listItemsOf(previous)), []);
    this.#writes.forget(parsed.type, key);
  }
}
