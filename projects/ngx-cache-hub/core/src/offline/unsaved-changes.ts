import { orderOf, type OfflineAction } from './offline-action';
import { nextOrder } from './remap-records';

/** One change storage has not taken yet: a record's new state (`null`: removed), and whether it was ever stored. */
interface UnsavedChange {
  readonly record: OfflineAction | null;
  /** Never stored: appended behind what storage holds when it is saved. */
  readonly added: boolean;
}

/**
 * The write-behind of one user's queue: changes made in memory while storage refused them, laid
 * over whatever storage holds when they are finally saved. Changes to records another tab has
 * removed meanwhile are dropped; records never stored go behind the stored ones, in the order made,
 * their `order` raised above what storage holds (a tab that could not read storage stamped them
 * below records it never saw, such as the remap of an earlier create of the same temp id).
 */
export class UnsavedChanges {
  private readonly changes = new Map<string, UnsavedChange>();

  /** How many changes only memory holds. */
  get size(): number {
    return this.changes.size;
  }

  /** `stored` with the changes laid over it. */
  overlay(stored: readonly OfflineAction[]): readonly OfflineAction[] {
    if (!this.changes.size) return stored;
    const result: OfflineAction[] = [];
    const storedIds = new Set<string>();
    for (const record of stored) {
      storedIds.add(record.id);
      const change = this.changes.get(record.id);
      if (!change) result.push(record);
      else if (change.record) result.push(change.record);
    }
    let next = nextOrder(result);
    for (const [id, { added, record }] of this.changes) {
      if (!added || !record || storedIds.has(id)) continue;
      const placed = orderOf(record) >= next ? record : { ...record, order: next };
      result.push(placed);
      next = Math.floor(orderOf(placed)) + 1;
    }
    return result;
  }

  /** Notes what turned `before` into `after`, so the next successful write stores it. */
  record(before: readonly OfflineAction[], after: readonly OfflineAction[]): void {
    const beforeById = new Map(before.map((r) => [r.id, r]));
    const afterIds = new Set(after.map((r) => r.id));
    for (const record of before) {
      if (afterIds.has(record.id)) continue;
      if (this.changes.get(record.id)?.added) this.changes.delete(record.id);
      else this.changes.set(record.id, { record: null, added: false });
    }
    for (const record of after) {
      const previous = beforeById.get(record.id);
      if (previous === record) continue;
      this.changes.set(record.id, { record, added: !previous || (this.changes.get(record.id)?.added ?? false) });
    }
  }

  /** Forgets every change (storage took them, or the user's queue was cleared). */
  clear(): void {
    this.changes.clear();
  }
}
