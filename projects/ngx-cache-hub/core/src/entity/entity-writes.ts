import type { CacheHub } from '../hub/cache-hub';
import { isEntityId, type EntityId, type ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION, EntityIndex } from './entity-index';
import { parseEntityKey } from './entity-key';
import type { EntityRecord } from './entity-record';
import { EntityRecords } from './entity-records';
import { listItemsOf, withListItems } from './list-value';

const MAX_RECENT_CHANGES = 5000;

/**
 * The state the entity store's appliers share, and the writes they make through the hub: the
 * entity index, the version records, the list copies a batch owns, and the entities whose list
 * membership changed lately (for lists whose fetch started before the change).
 */
export class EntityWrites {
  readonly index = new EntityIndex();
  readonly records: EntityRecords;
  /**
   * Inside `batch()`: the list copies this batch made, by key, each the items the hub holds under
   * it; later events write into them in place. Any other write or removal of the key disowns it.
   */
  owned: Map<string, unknown[]> | null = null;
  /** Whether the store is writing (its own writes skip the reconciliation of fetched values). */
  applying = false;
  /** Entities created or moved lately, oldest first, with the logical time of the change. */
  readonly recent = new Map<EntityRecord, { readonly type: string; at: number }>();
  readonly #params = new Map<string, unknown>();

  constructor(
    readonly hub: CacheHub,
    readonly configOf: (type: string) => ResolvedEntityConfig,
    maxRecords: number,
  ) {
    this.records = new EntityRecords(maxRecords, (type, id) => this.index.isHeld(type, id));
  }

  /** Runs `fn` as the store's own write, in one hub transaction. */
  write(fn: () => void): void {
    const wasApplying = this.applying;
    this.applying = true;
    try {
      this.hub.transaction(fn);
    } finally {
      this.applying = wasApplying;
    }
  }

  /** The cached lists of a type. */
  listKeys(type: string): string[] {
    const keys: string[] = [];
    for (const key of this.hub.keysInNamespace(type)) if (this.paramsOf(key) !== NOT_A_LIST) keys.push(key);
    return keys;
  }

  /** A list key's params (parsed once per key), or NOT_A_LIST. */
  paramsOf(key: string): unknown {
    if (this.#params.has(key)) return this.#params.get(key);
    const parsed = parseEntityKey(key);
    const params = parsed?.kind === 'list' ? parsed.params : NOT_A_LIST;
    this.#params.set(key, params);
    return params;
  }

  /** Replaces one item of a list; inside `batch()` a list the batch copied is written in place. */
  replaceItem(key: string, position: number, next: unknown): void {
    const value = this.hub.peek(key);
    this.replaceItemOf(key, value, listItemsOf(value)!, position, next);
  }

  /** {@link replaceItem} when the caller has read the list's value and items already. */
  replaceItemOf(key: string, value: unknown, items: readonly unknown[], position: number, next: unknown): void {
    if (this.owned?.get(key) === items) {
      (items as unknown[])[position] = next;
      return;
    }
    const copy = items.slice();
    copy[position] = next;
    this.hub.set(key, withListItems(value, copy));
    // Owned only when the hub holds this very copy (a plugin may have written another value).
    if (this.owned && listItemsOf(this.hub.peek(key)) === copy) this.owned.set(key, copy);
  }

  /** Inside `batch()`: the copy of the list under `key` this batch owns (the items the hub holds), if any. */
  ownedItems(key: string): unknown[] | undefined {
    return this.owned?.get(key);
  }

  /** A write of `value` under `key` other than into an owned copy: the copy is no longer what the hub holds. */
  disown(key: string, value: unknown): void {
    const owned = this.owned?.get(key);
    if (owned !== undefined && listItemsOf(value) !== owned) this.owned!.delete(key);
  }

  /** Rewrites a list's items and reindexes it; `countDelta` moves totalCount by the change in length. */
  rewriteList(type: string, key: string, edit: (items: unknown[]) => unknown[], countDelta: boolean): void {
    const value = this.hub.peek(key);
    const before = listItemsOf(value);
    if (!before) return;
    const after = edit(before.slice());
    this.hub.set(key, withListItems(value, after, countDelta ? after.length - before.length : 0));
    this.index.reindexList(type, key, this.idsOf(type, before), this.idsOf(type, after));
  }

  /** Sets a detail entry and indexes it. */
  setDetail(type: string, id: string, key: string, entity: unknown): void {
    this.hub.set(key, entity);
    this.index.set(type, id, key, DETAIL_POSITION);
  }

  /** Notes that an entity joined or may have joined lists now, for lists still being fetched. */
  noteMoved(type: string, record: EntityRecord): void {
    this.recent.delete(record);
    this.recent.set(record, { type, at: this.hub.logicalTime() });
    if (this.recent.size > MAX_RECENT_CHANGES) this.recent.delete(this.recent.keys().next().value!);
  }

  /** The ids of list items, as strings. */
  idsOf(type: string, items: readonly unknown[] | undefined): string[] {
    const config = this.configOf(type);
    const ids: string[] = [];
    for (const item of items ?? []) {
      const id = isObject(item) ? config.idOf(item) : undefined;
      if (isEntityId(id)) ids.push(String(id));
    }
    return ids;
  }

  /** Forgets cached params of a key that left the hub. */
  forget(key: string): void {
    this.#params.delete(key);
  }
}

/** What `paramsOf` gives for a key that is not a list. */
const NOT_A_LIST: unique symbol = Symbol('not a list');

/** Whether `value` is a plain object (an entity). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id of an entity as a string, or undefined when it has none. */
export function idString(config: ResolvedEntityConfig, entity: unknown): string | undefined {
  const id: EntityId | undefined = isObject(entity) ? config.idOf(entity) : undefined;
  return isEntityId(id) ? String(id) : undefined;
}
