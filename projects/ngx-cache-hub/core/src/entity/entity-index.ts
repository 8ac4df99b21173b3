/** Position of a detail entry in the index: it holds the entity itself, not a list item. */
export const DETAIL_POSITION = -1;

/**
 * Entity -> the entries that hold it and where: `(type, id) -> key -> position` (a list index,
 * or DETAIL_POSITION). An update looks up exactly the entries to change, never scanning keys.
 */
export class EntityIndex {
  private readonly holders = new Map<string, Map<string, Map<string, number>>>();

  /** The entries holding an entity, as key -> position. */
  holdersOf(type: string, id: string): ReadonlyMap<string, number> | undefined {
    return this.holders.get(type)?.get(id);
  }

  /** Whether any entry holds the entity. */
  isHeld(type: string, id: string): boolean {
    return (this.holdersOf(type, id)?.size ?? 0) > 0;
  }

  set(type: string, id: string, key: string, position: number): void {
    let ids = this.holders.get(type);
    if (!ids) this.holders.set(type, (ids = new Map()));
    let keys = ids.get(id);
    if (!keys) ids.set(id, (keys = new Map()));
    keys.set(key, position);
  }

  remove(type: string, id: string, key: string): void {
    const ids = this.holders.get(type);
    const keys = ids?.get(id);
    if (keys?.delete(key) && keys.size === 0) ids!.delete(id);
  }

  /** Replaces a list's positions: `before` are the ids it held, `after` the ids it holds now. */
  reindexList(type: string, key: string, before: readonly string[], after: readonly string[]): void {
    for (const id of before) this.remove(type, id, key);
    after.forEach((id, position) => this.set(type, id, key, position));
  }
}
