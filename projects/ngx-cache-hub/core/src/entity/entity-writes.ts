import type { CacheEntry } from '../hub/cache-entry';
import type { CacheHub } from '../hub/cache-hub';
import type { HubEntries } from '../hub/hub-entries';
import { isEntityId, type EntityId, type ResolvedEntityConfig } from './entity-config';
import { DETAIL_POSITION, EntityIndex, type Holders } from './entity-index';
import { parseEntityKey } from './entity-key';
import type { EntityRecord } from './entity-record';
import { EntityRecords } from './entity-records';
import type { LaggingCopies } from './late-fields';
import { listItemsOf, withListItems } from './list-value';

const MAX_RECENT_CHANGES = 5000;

/**
 * The state the entity store's appliers share, and the writes they make through the hub: the
 * entity index, the version records, the list copies a batch owns, and the entities whose list
 * membership changed lately (for lists whose fetch started before the change).
 */
export class EntityWrites {
  readonly index: EntityIndex;
  readonly records: EntityRecords;
  /**
   * Inside `batch()`: the list copies this batch made, by key; later events write into one in
   * place while the hub still holds it (another write of the key replaced it otherwise).
   */
  owned: Map<CacheEntry, unknown[]> | null = null;
  /** Whether the store is writing (its own writes skip the reconciliation of fetched values). */
  applying = false;
  /** Copies made of answers older than their entity's newest snapshot (see `addLateFields`). */
  readonly lagging: LaggingCopies = new Map();
  /** Entities created or moved lately, oldest first, with the logical time of the change. */
  readonly recent = new Map<EntityRecord, { readonly type: string; at: number }>();
  readonly #params = new Map<string, unknown>();
  readonly #lists = new Map<string, Set<string>>();
  #stale = new Set<string>();
  readonly #entries: HubEntries;

  constructor(
    readonly hub: CacheHub,
    readonly configOf: (type: string) => ResolvedEntityConfig,
    maxRecords: number,
  ) {
    this.#entries = hub.entries();
    this.index = new EntityIndex((key) => this.entryOf(key));
    this.records = new EntityRecords(maxRecords, (type, id) => this.index.isHeld(type, id));
  }

  /** The hub's entry under `key`, if any. */
  entryOf(key: string): CacheEntry | undefined {
    return this.#entries.table.get(key);
  }

  /** Writes an entity value the store made into an entry it indexes (as `hub.set`, without the key check and lookup). */
  writeEntry(entry: CacheEntry, value: unknown): void {
    this.#entries.write(entry, value);
  }

  /** Recomputes what readers see of entries written in place, and tells their observers (call inside a transaction). */
  refresh(entries: Iterable<CacheEntry>): void {
    for (const entry of entries) if (entry.base !== undefined) this.#entries.refresh(entry);
  }

  /**
   * Runs `fn` as the store's own write, in one hub transaction; then refetches the lists it
   * could not write (see {@link refetchLater}), outside it, so that their answers are reconciled.
   */
  write(fn: () => void): void {
    const wasApplying = this.applying;
    this.applying = true;
    try {
      this.hub.transaction(fn);
    } finally {
      this.applying = wasApplying;
    }
    if (wasApplying || this.#stale.size === 0) return;
    const stale = this.#stale;
    this.#stale = new Set();
    this.hub.invalidate((key) => stale.has(key));
  }

  /** Refetches a list once the store's write is done (an entity joins it that the store knows only in part). */
  refetchLater(key: string): void {
    this.#stale.add(key);
  }

  /** The cached lists of a type. */
  listKeys(type: string): string[] {
    const keys: string[] = [];
    for (const key of this.hub.keysInNamespace(type)) if (this.paramsOf(key) !== NOT_A_LIST) keys.push(key);
    return keys;
  }

  /**
   * The keys of a type's lists that hold items, and maybe some that did: the cached lists an
   * entity can be placed into, without a walk over every key of the type (its details too).
   */
  valuedLists(type: string): ReadonlySet<string> {
    let keys = this.#lists.get(type);
    if (!keys) this.#lists.set(type, (keys = new Set(this.listKeys(type))));
    return keys;
  }

  /** Notes that a list of `type` was written (every write the store did not make passes here). */
  noteList(type: string, key: string): void {
    this.#lists.get(type)?.add(key);
  }

  /**
   * Marks a type's cached lists stale (observed ones refetch), except those `holders` name;
   * returns how many. Call outside the store's writes, so that a refetch answering at once is
   * reconciled.
   */
  invalidateLists(type: string, except: Holders = []): number {
    const lists = new Set(this.listKeys(type));
    for (let at = 0; at < except.length; at += 2) lists.delete((except[at] as CacheEntry).key);
    return lists.size === 0 ? 0 : this.hub.invalidate((key) => lists.has(key));
  }

  /** A list key's params (parsed once per key), or NOT_A_LIST. */
  paramsOf(key: string): unknown {
    if (this.#params.has(key)) return this.#params.get(key);
    const parsed = parseEntityKey(key);
    const params = parsed?.kind === 'list' ? parsed.params : NOT_A_LIST;
    this.#params.set(key, params);
    return params;
  }

  /**
   * Replaces one item of the list `entry` holds (its items are `items`): in place when it is a copy
   * this batch owns and the hub still holds, else in a new copy (owned from then on inside `batch()`).
   */
  replaceItem(entry: CacheEntry, items: readonly unknown[], position: number, next: unknown): void {
    if (this.owned?.get(entry) === items) {
      (items as unknown[])[position] = next;
      return;
    }
    const copy = items.slice();
    copy[position] = next;
    this.writeEntry(entry, withListItems(entry.base, copy));
    // Checked against the hub's items as it is read, so a plugin's or a later write's value is never written in place.
    this.owned?.set(entry, copy);
  }

  /**
   * Rewrites a list's items and reindexes the part that changed; `countDelta` moves totalCount by
   * the change in length. `edit` returns new items (it never writes `items`), without any item of
   * an id it drops.
   */
  rewriteList(type: string, key: string, edit: (items: readonly unknown[]) => unknown[], countDelta: boolean): void {
    const value = this.hub.peek(key);
    const before = listItemsOf(value);
    if (!before) return;
    const after = edit(before);
    this.hub.set(key, withListItems(value, after, countDelta ? after.length - before.length : 0));
    // Items before the first changed one keep their positions; those after the last changed one
    // keep their holders and move by the change in length (an insert at the end reindexes one item).
    const shortest = Math.min(before.length, after.length);
    let from = 0;
    while (from < shortest && before[from] === after[from]) from++;
    let kept = 0;
    while (kept < shortest - from && before[before.length - 1 - kept] === after[after.length - 1 - kept]) kept++;
    const moved = after.length === before.length ? after.length - kept : after.length;
    this.index.reindexList(type, key, this.idsOf(type, before.slice(from, before.length - kept)), this.idsOf(type, after.slice(from, moved)), from);
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

  /** Forgets a key whose value left the hub. */
  forget(type: string, key: string): void {
    this.#params.delete(key);
    this.#lists.get(type)?.delete(key);
  }

  /** Forgets every entry (the hub dropped them all). */
  clear(): void {
    this.index.clear();
    this.#lists.clear();
    this.lagging.clear();
  }
}

/** What `paramsOf` gives for a key that is not a list. */
const NOT_A_LIST: unique symbol = Symbol('not a list');

/** Whether `value` is a plain object (an entity). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether `item` has a field `entity` lacks. */
export function hasFieldsBeyond(item: Record<string, unknown>, entity: Record<string, unknown>): boolean {
  for (const field in item) if (Object.hasOwn(item, field) && !Object.hasOwn(entity, field)) return true;
  return false;
}

/** The id of an entity as a string, or undefined when it has none. */
export function idString(config: ResolvedEntityConfig, entity: unknown): string | undefined {
  const id: EntityId | undefined = isObject(entity) ? config.idOf(entity) : undefined;
  return isEntityId(id) ? String(id) : undefined;
}
