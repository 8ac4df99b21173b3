import type { CacheEntry } from '../hub/cache-entry';

/** Position of a detail entry in the index: it holds the entity itself, not a list item. */
export const DETAIL_POSITION = -1;

/**
 * The entries holding one entity and where, flat: `entry, position, entry, position, ...` (a
 * position is a list index, or DETAIL_POSITION). An entity has a few holders: one array of them
 * takes less memory than a Map and is walked without an iterator.
 */
export type Holders = readonly (CacheEntry | number)[];

/** The position at which `entry` holds the entity, if it does. */
export function positionIn(holders: Holders | undefined, entry: CacheEntry | undefined): number | undefined {
  const at = entry && holders ? holders.indexOf(entry) : -1;
  return at < 0 ? undefined : (holders![at + 1] as number);
}

/**
 * Entity -> the hub entries that hold it and where: `(type, id) -> holders`. An update reads and
 * writes exactly those entries, with no key lookup. An entry removed from the hub leaves the index
 * (`remove`, from the store's afterRemove), and the index is cleared when the hub is destroyed, so
 * it never holds an entry the hub dropped.
 */
export class EntityIndex {
  private readonly holders = new Map<string, Map<string, (CacheEntry | number)[]>>();

  /** `entryOf` gives the hub's entry under a key (it exists whenever the store indexes one). */
  constructor(private readonly entryOf: (key: string) => CacheEntry | undefined) {}

  /** The entries holding an entity (see {@link Holders}); never empty. */
  holdersOf(type: string, id: string): Holders | undefined {
    return this.holders.get(type)?.get(id);
  }

  /** The entries holding an entity, as `[entry, position]` pairs in a new array (safe to write while walking it). */
  pairsOf(type: string, id: string): [CacheEntry, number][] {
    const holders = this.holdersOf(type, id) ?? [];
    const pairs: [CacheEntry, number][] = [];
    for (let at = 0; at < holders.length; at += 2) pairs.push([holders[at] as CacheEntry, holders[at + 1] as number]);
    return pairs;
  }

  /** Whether any entry holds the entity. */
  isHeld(type: string, id: string): boolean {
    return this.holdersOf(type, id) !== undefined;
  }

  set(type: string, id: string, key: string, position: number, entry = this.entryOf(key)): void {
    if (!entry) return;
    let ids = this.holders.get(type);
    if (!ids) this.holders.set(type, (ids = new Map()));
    const holders = ids.get(id);
    if (!holders) {
      ids.set(id, [entry, position]);
      return;
    }
    const at = holders.indexOf(entry);
    if (at >= 0) holders[at + 1] = position;
    else holders.push(entry, position);
  }

  /** Forgets that the entry under `key` holds the entity (a scan of the entity's few holders). */
  remove(type: string, id: string, key: string): void {
    const ids = this.holders.get(type);
    const holders = ids?.get(id);
    if (!holders) return;
    for (let at = holders.length - 2; at >= 0; at -= 2) if ((holders[at] as CacheEntry).key === key) holders.splice(at, 2);
    if (holders.length === 0) ids!.delete(id);
  }

  /**
   * Replaces a list's positions: `before` are the ids it held, `after` the ids it holds now, from
   * position `from` on (the ones before it are unchanged).
   */
  reindexList(type: string, key: string, before: readonly string[], after: readonly string[], from = 0): void {
    for (const id of before) this.remove(type, id, key);
    const entry = after.length > 0 ? this.entryOf(key) : undefined;
    after.forEach((id, position) => this.set(type, id, key, from + position, entry));
  }

  /** Forgets every entry (the hub dropped them all). */
  clear(): void {
    this.holders.clear();
  }
}
