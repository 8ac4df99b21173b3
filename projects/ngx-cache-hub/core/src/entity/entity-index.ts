import type { CacheEntry } from '../hub/cache-entry';

/** Position of a detail entry in the index: it holds the entity itself, not a list item. */
export const DETAIL_POSITION = -1;

/**
 * Entity -> the hub entries that hold it and where: `(type, id) -> entry -> position` (a list
 * index, or DETAIL_POSITION). An update reads and writes exactly those entries, with no key
 * lookup. An entry removed from the hub leaves the index (`remove`, from the store's afterRemove),
 * and the index is cleared when the hub is destroyed, so it never holds an entry the hub dropped.
 */
export class EntityIndex {
  private readonly holders = new Map<string, Map<string, Map<CacheEntry, number>>>();

  /** `entryOf` gives the hub's entry under a key (it exists whenever the store indexes one). */
  constructor(private readonly entryOf: (key: string) => CacheEntry | undefined) {}

  /** The entries holding an entity, as entry -> position. */
  holdersOf(type: string, id: string): ReadonlyMap<CacheEntry, number> | undefined {
    return this.holders.get(type)?.get(id);
  }

  /** Whether any entry holds the entity. */
  isHeld(type: string, id: string): boolean {
    return (this.holdersOf(type, id)?.size ?? 0) > 0;
  }

  set(type: string, id: string, key: string, position: number, entry = this.entryOf(key)): void {
    if (!entry) return;
    let ids = this.holders.get(type);
    if (!ids) this.holders.set(type, (ids = new Map()));
    let entries = ids.get(id);
    if (!entries) ids.set(id, (entries = new Map()));
    entries.set(entry, position);
  }

  /** Forgets that the entry under `key` holds the entity (a scan of the entity's few holders). */
  remove(type: string, id: string, key: string): void {
    const ids = this.holders.get(type);
    const entries = ids?.get(id);
    if (!entries) return;
    for (const entry of entries.keys()) if (entry.key === key) entries.delete(entry);
    if (entries.size === 0) ids!.delete(id);
  }

  /** Replaces a list's positions: `before` are the ids it held, `after` the ids it holds now. */
  reindexList(type: string, key: string, before: readonly string[], after: readonly string[]): void {
    for (const id of before) this.remove(type, id, key);
    const entry = after.length > 0 ? this.entryOf(key) : undefined;
    after.forEach((id, position) => this.set(type, id, key, position, entry));
  }

  /** Forgets every entry (the hub dropped them all). */
  clear(): void {
    this.holders.clear();
  }
}
