/** Counters of an {@link UpdateBatcher} since it was created. */
export interface BatcherStats {
  /** Events pushed. */
  readonly framesIn: number;
  /** Flushes that applied at least one event. */
  readonly flushes: number;
  /** Updates folded into an earlier update of the same entity. */
  readonly coalesced: number;
  /** Creates (each repeat too; of types that insert creates only, as the others' list invalidation must happen) and updates, dropped because the entity was deleted later in the same flush. */
  readonly cancelled: number;
  /** Times a type's lists were invalidated instead of receiving more than `invalidateListsAbove` creates. */
  readonly listInvalidations: number;
  /** Operations handed to the entity store (an update folded from many counts once per version it keeps). */
  readonly applied: number;
  /**
   * Entries whose value changed, summed over flushes: each key once per flush, a value removed from
   * the hub too (a deleted entity's detail, a list dropped to refetch); unchanged entries notified
   * nobody. A key changed and changed back within one flush counts once.
   */
  readonly entriesChanged: number;
  /**
   * Notifications out, summed over flushes: the changed entries something observed, each told once
   * in its flush (a key with several observers counts once, as each of them hears once). A flush
   * inside an outer `hub.transaction` counts its own, though observers hear once, when it ends; and
   * a key changed and changed back counts, though its observers see no new value.
   */
  readonly notificationsOut: number;
  /** Events buffered now, waiting for the next flush. */
  readonly pending: number;
}
