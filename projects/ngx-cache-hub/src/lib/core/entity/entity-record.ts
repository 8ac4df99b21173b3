import { FORBIDDEN_KEYS } from '../forbidden-keys';

/** The newest value of one field, with the version of the event that set it. */
export interface FieldVersion {
  readonly version: number;
  readonly value: unknown;
}

/**
 * What the store knows of one entity beyond the cached entries: the highest version seen, the
 * highest snapshot version (floor), field values from events (last writer wins per field), and a
 * tombstone when deleted. This is what makes any order of updates converge.
 */
export class EntityRecord {
  version = Number.NEGATIVE_INFINITY;
  floor = Number.NEGATIVE_INFINITY;
  deleted = false;
  /** Version of the create that brought a deleted entity back; anything older is of its previous life. */
  bornAt = Number.NEGATIVE_INFINITY;
  /** Logical time of the last create event, to insert it into lists fetched before it. */
  createdAt = 0;
  created: unknown = undefined;
  readonly fields = new Map<string, FieldVersion>();

  /** Records an event's changes; returns the fields that win (newer than the floor and their field's version). Prototype keys never win. */
  recordChanges(changes: Record<string, unknown>, version: number): Record<string, unknown> | undefined {
    let winning: Record<string, unknown> | undefined;
    if (version > this.floor) {
      for (const field of Object.keys(changes)) {
        if (FORBIDDEN_KEYS.has(field)) continue; // never merged into cached entities
        const known = this.fields.get(field);
        if (known && known.version >= version) continue;
        this.fields.set(field, { version, value: changes[field] });
        (winning ??= {})[field] = changes[field];
      }
    }
    if (version > this.version) this.version = version;
    return winning;
  }

  /** Records a snapshot (a fetched or set entity) at `version`. */
  recordSnapshot(version: number): void {
    if (version > this.floor) this.floor = version;
    if (version > this.version) {
      this.version = version;
      this.deleted = false;
    }
  }

  /** Whether a snapshot at `version` is of an entity deleted since. */
  isTombstonedAt(version: number): boolean {
    return (this.deleted && version <= this.version) || version < this.bornAt;
  }

  /** A create after the delete: the entity lives again from `version`, forgetting its previous life. */
  rebirth(version: number): void {
    this.deleted = false;
    this.bornAt = version;
    this.floor = Number.NEGATIVE_INFINITY;
    this.fields.clear();
  }

  /** Field values newer than `version`, to bring an older snapshot up to date. */
  newerThan(version: number): Record<string, unknown> | undefined {
    let newer: Record<string, unknown> | undefined;
    for (const [field, known] of this.fields) if (known.version > version) (newer ??= {})[field] = known.value;
    return newer;
  }
}
