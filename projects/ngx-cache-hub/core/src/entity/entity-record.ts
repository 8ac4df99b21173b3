import { FORBIDDEN_KEYS } from '../hub/forbidden-keys';

/** The fields of a record no event changed: empty, never written. */
const NO_FIELDS: unknown[] = [];
const NO_FIELD = { version: -Infinity, value: undefined };

/**
 * What the store knows of one entity beyond the cached entries: field values from events (last
 * writer wins per field), the highest snapshot version (floor), the version of its latest delete
 * (tombstone) and of its latest create or snapshot (alive). This is what makes any order of
 * creates, updates, deletes and re-creates converge to the state they give in version order.
 */
export class EntityRecord {
  /** Highest version of any event or snapshot seen. */
  version = Number.NEGATIVE_INFINITY;
  /** Highest snapshot version: event fields at or below it are already in every newer snapshot. */
  floor = Number.NEGATIVE_INFINITY;
  /** Version of the latest delete; nothing at or below it is of the entity's current life. */
  deletedAt = Number.NEGATIVE_INFINITY;
  /** Version of the latest create or snapshot: the entity exists at that version. */
  aliveAt = Number.NEGATIVE_INFINITY;
  /** Logical time of the latest create event taken of this life (0: none), so that an empty answer fetched before it does not undo it. */
  createdAt = 0;
  /** The latest whole entity known (a create, a cached detail or list item), to place it in lists. */
  entity: Record<string, unknown> | undefined = undefined;
  /**
   * The version of the newest whole copy (snapshot or create) behind `entity`: its fields are of
   * that version unless an event changed them since (its version field may be an event's, higher).
   */
  base = Number.NEGATIVE_INFINITY;
  /**
   * Field versions from events, flat: `field, version, value, ...` (the newest value of each field
   * and the version of the event that set it, rewritten in place). An entity has a few fields: one
   * array scanned by name costs less memory and time than a map of records. Records no event
   * changed share one empty array.
   */
  #fields: unknown[] = NO_FIELDS;

  /** Whether the latest thing known of the entity is its delete. */
  get deleted(): boolean {
    return this.deletedAt !== Number.NEGATIVE_INFINITY && this.deletedAt >= this.aliveAt;
  }

  /**
   * Records an event's changes; returns the fields that win (newer than the floor, the tombstone
   * and their field's version). An update newer than a delete is kept for a later re-create. One
   * at or below the floor wins nowhere (every copy cached is as new), but its fields are kept for
   * answers older than it that come later.
   */
  recordChanges(changes: Readonly<Record<string, unknown>>, version: number): Readonly<Record<string, unknown>> | undefined {
    if (version > this.version) this.version = version;
    if (version <= this.deletedAt) return undefined;
    const held = version <= this.floor;
    let winning: Record<string, unknown> | undefined;
    // While every field wins, `changes` itself is the answer: nothing is allocated but new field versions.
    let all = isPlain(changes);
    let seen = 0;
    let fields = this.#fields;
    for (const field in changes) {
      if (!Object.hasOwn(changes, field)) continue;
      const value = changes[field];
      let at = fields.length - 3;
      while (at >= 0 && fields[at] !== field) at -= 3;
      // A field with a version was never forbidden.
      if (at >= 0 ? (fields[at + 1] as number) >= version : FORBIDDEN_KEYS.has(field)) {
        // never merged into cached entities, or older than the field's known version
        if (all) winning = copyOf(changes, seen);
        all = false;
        continue;
      }
      seen++;
      if (at >= 0) {
        fields[at + 1] = version;
        fields[at + 2] = value;
      } else if (fields === NO_FIELDS) {
        this.#fields = fields = [field, version, value];
      } else {
        fields.push(field, version, value);
      }
      if (!all) (winning ??= {})[field] = value;
    }
    return held ? undefined : all ? (seen > 0 ? changes : undefined) : winning;
  }

  /** Records a create or snapshot (a fetched or set entity) at `version`: the entity exists then. */
  recordAlive(version: number, snapshot: boolean): void {
    if (version > this.version) this.version = version;
    if (version > this.aliveAt) this.aliveAt = version;
    if (snapshot && version > this.floor) this.floor = version;
  }

  /**
   * Records a delete at `version`; returns false when it was known, or a newer create or snapshot
   * outlives it (then it still ends the earlier life: nothing at or below it counts).
   */
  recordDelete(version: number): boolean {
    if (version > this.version) this.version = version;
    if (version <= this.deletedAt) return false;
    if (version < this.aliveAt) {
      this.deletedAt = version;
      return false;
    }
    this.deletedAt = version;
    this.createdAt = 0;
    this.entity = undefined;
    this.base = Number.NEGATIVE_INFINITY;
    return true;
  }

  /** Whether a create or snapshot at `version` is of a life that a known delete ended. */
  isTombstonedAt(version: number): boolean {
    return version <= this.deletedAt;
  }

  /** The version of the newest event that set `field` (−Infinity when none did), and its value. */
  fieldOf(field: string): { readonly version: number; readonly value: unknown } {
    const fields = this.#fields;
    for (let at = 0; at < fields.length; at += 3) if (fields[at] === field) return { version: fields[at + 1] as number, value: fields[at + 2] };
    return NO_FIELD;
  }

  /** Calls `fn` with every field an event set: its newest value and the version of that event. */
  forEachField(fn: (field: string, version: number, value: unknown) => void): void {
    const fields = this.#fields;
    for (let at = 0; at < fields.length; at += 3) fn(fields[at] as string, fields[at + 1] as number, fields[at + 2]);
  }
}

/** Whether `value` is a plain object (its for-in visits only its own fields). */
function isPlain(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The first `count` own fields of `changes` (those that won before one lost), as a new object. */
function copyOf(changes: Readonly<Record<string, unknown>>, count: number): Record<string, unknown> | undefined {
  if (count === 0) return undefined;
  const copy: Record<string, unknown> = {};
  for (const field in changes) {
    if (!Object.hasOwn(changes, field)) continue;
    copy[field] = changes[field];
    if (--count === 0) break;
  }
  return copy;
}
