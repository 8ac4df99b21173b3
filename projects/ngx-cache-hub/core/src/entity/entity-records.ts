import { EntityRecord } from './entity-record';

/**
 * The store's version records by type and id. At most `max` are kept: past that, the oldest
 * record that no cached entry holds is forgotten (never the one being added).
 */
export class EntityRecords {
  readonly #byType = new Map<string, Map<string, EntityRecord>>();
  #size = 0;

  constructor(
    private readonly max: number,
    private readonly isHeld: (type: string, id: string) => boolean,
  ) {}

  get(type: string, id: string): EntityRecord | undefined {
    return this.#byType.get(type)?.get(id);
  }

  /** The record of an entity, created when there is none. */
  ensure(type: string, id: string): EntityRecord {
    let ids = this.#byType.get(type);
    if (!ids) this.#byType.set(type, (ids = new Map()));
    let record = ids.get(id);
    if (!record) {
      ids.set(id, (record = new EntityRecord()));
      if (++this.#size > this.max) this.#forgetUnheld(record);
    }
    return record;
  }

  /** Moves a record to another id (a temp id the server replaced), unless that id has one. */
  rename(type: string, from: string, to: string): void {
    const ids = this.#byType.get(type);
    const record = ids?.get(from);
    if (!ids || !record) return;
    ids.delete(from);
    if (ids.has(to)) this.#size--;
    else ids.set(to, record);
  }

  /** Forgets every record of a type (its versions came from a history the server no longer has). */
  clearType(type: string): void {
    this.#size -= this.#byType.get(type)?.size ?? 0;
    this.#byType.delete(type);
  }

  #forgetUnheld(added: EntityRecord): void {
    for (const [type, ids] of this.#byType) {
      for (const [id, record] of ids) {
        if (record === added || this.isHeld(type, id)) continue;
        ids.delete(id);
        this.#size--;
        return;
      }
    }
  }
}
