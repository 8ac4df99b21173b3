import type { EntityId } from '../entity/entity-config';
import type { EntityUpdate } from '../entity/entity-store';

/** The winning value of one field so far; rewritten in place when a newer update sets the field. */
interface FieldWinner {
  version: number;
  value: unknown;
}

/**
 * Several updates of one entity folded into the fewest store updates with the same outcome.
 *
 * The store keeps a version per field (last writer wins), so the updates cannot simply be merged
 * into one at the highest version: a field changed at version 3 would then be recorded at 10 and
 * wrongly reject a later-arriving version 5. Instead each field keeps its highest-version value
 * (the first one on a tie, as the store does), and {@link toUpdates} emits one update per version
 * that still wins a field, in version order, plus the highest version so the store records it.
 */
export class CoalescedUpdate {
  /** While only one update was folded in: that update, applied as it came (nothing to fold, nothing allocated). */
  #single: EntityUpdate | undefined = undefined;
  #winners: Map<string, FieldWinner> | undefined = undefined;
  private maxVersion = Number.NEGATIVE_INFINITY;
  /** How many updates were folded in. */
  size = 0;

  constructor(
    readonly entityType: string,
    readonly entityId: EntityId,
    /** Where the fold is in its flush plan. */
    readonly step = -1,
  ) {}

  /** The highest version folded in. */
  get version(): number {
    return this.maxVersion;
  }

  /** The one update folded in, when there was exactly one (the common case in a flush). */
  get single(): EntityUpdate | undefined {
    return this.#single;
  }

  /** Folds one update of this entity in. */
  add(update: EntityUpdate): void {
    if (++this.size === 1) {
      this.#single = update;
      this.maxVersion = update.version;
      return;
    }
    if (this.#single) {
      this.#fold(this.#single);
      this.#single = undefined;
    }
    this.#fold(update);
  }

  /** The store updates to apply, oldest version first. */
  toUpdates(): EntityUpdate[] {
    if (this.#single) return [this.#single];
    const byVersion = new Map<number, Record<string, unknown>>();
    for (const [field, { version, value }] of this.#winners ?? []) {
      let changes = byVersion.get(version);
      if (!changes) byVersion.set(version, (changes = {}));
      changes[field] = value;
    }
    if (!byVersion.has(this.maxVersion)) byVersion.set(this.maxVersion, {});
    const versions = [...byVersion.keys()].sort((a, b) => a - b);
    return versions.map((version) => ({ entityType: this.entityType, entityId: this.entityId, changes: byVersion.get(version)!, version }));
  }

  #fold(update: EntityUpdate): void {
    const winners = (this.#winners ??= new Map());
    const { version, changes } = update;
    if (version > this.maxVersion) this.maxVersion = version;
    for (const field of Object.keys(changes)) {
      const known = winners.get(field);
      if (!known) winners.set(field, { version, value: changes[field] });
      else if (version > known.version) {
        // In place: a fold allocates one record per field, not one per update.
        known.version = version;
        known.value = changes[field];
      }
    }
  }
}
