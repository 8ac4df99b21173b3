import type { EntityId } from '../entity/entity-config';
import type { EntityUpdate } from '../entity/entity-store';

/**
 * The updates of one entity in a flush, applied together where the first one came.
 *
 * They are handed to the store as they came: the store keeps a version per field (last writer
 * wins), so their order does not change the outcome, and inside the batcher's flush it writes the
 * entries holding the entity once, after the last of them (see `DeferredPatches`).
 */
export class CoalescedUpdate {
  readonly #updates: EntityUpdate[] = [];

  constructor(
    readonly entityType: string,
    readonly entityId: EntityId,
  ) {}

  /** How many updates were folded in. */
  get size(): number {
    return this.#updates.length;
  }

  /** Folds one update of this entity in. */
  add(update: EntityUpdate): void {
    this.#updates.push(update);
  }

  /** The store updates to apply, as they came. */
  toUpdates(): readonly EntityUpdate[] {
    return this.#updates;
  }
}
