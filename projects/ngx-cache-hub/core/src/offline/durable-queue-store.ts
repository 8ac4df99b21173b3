import type { OfflineAction } from './offline-action';
import type { OfflineQueueStorage, QuarantinedRecord, QueueChange } from './offline-queue-storage';
import { prepareForStorage } from './remap-records';
import type { QueueChangeNotice } from './tab-coordinator';
import { UnsavedChanges } from './unsaved-changes';

/** What a `DurableQueueStore` tells its queue. */
export interface DurableQueueStoreHooks {
  readonly storage: OfflineQueueStorage;
  readonly now: () => number;
  /** Storage refused a write or a read of `scope`; the queue retries later. */
  refused(scope: string, error: unknown): void;
  /** Records of `scope` were quarantined on the way. */
  quarantined(scope: string, records: readonly QuarantinedRecord[]): void;
  /** This store changed what `scope` holds in storage: tell the other tabs. */
  changed(scope: string, notice?: QueueChangeNotice): void;
}

/**
 * One user's queue as this tab knows it: what storage held at the last successful read, with the
 * changes storage refused laid over it (write-behind). Every write is a read-modify-write over
 * what storage holds now; when storage refuses it, the change is kept in memory and storage is
 * read again, so what other tabs stored is still seen (`readable` says whether that worked).
 */
export class DurableQueueStore {
  private stored: readonly OfflineAction[] = [];
  private readonly unsaved = new UnsavedChanges();
  /** Whether the last look at storage succeeded: if not, storage may hold records this tab has not seen. */
  readable = false;

  constructor(
    readonly scope: string,
    private readonly hooks: DurableQueueStoreHooks,
  ) {}

  /** Every record known, actions and remap records, in storage order, the unsaved ones behind. */
  get records(): readonly OfflineAction[] {
    return this.unsaved.overlay(this.stored);
  }

  /** How many changes only memory holds (a reload now would lose them). */
  get unsavedCount(): number {
    return this.unsaved.size;
  }

  /**
   * Applies `change` over what storage holds (and the unsaved changes) and writes the result;
   * `notice` goes to the other tabs if storage changed. Resolves `true` when storage took it,
   * `false` when it is only in memory. `change` may run twice: over storage, then over memory.
   */
  async write(change: QueueChange, notice?: QueueChangeNotice): Promise<boolean> {
    let changed = false;
    const apply: QueueChange = (queue) => {
      const next = prepareForStorage(change(this.unsaved.overlay(queue)), this.hooks.now());
      changed = next.length !== queue.length || next.some((record, i) => record !== queue[i]);
      return next;
    };
    try {
      const result = await this.hooks.storage.update(this.scope, apply);
      this.took(result.actions, result.quarantined);
      this.unsaved.clear();
      if (changed) this.hooks.changed(this.scope, notice);
      return true;
    } catch (error) {
      const before = this.records;
      this.unsaved.record(before, prepareForStorage(change(before), this.hooks.now()));
      this.hooks.refused(this.scope, error);
      await this.read();
      return false;
    }
  }

  /** Reads what storage holds now, keeping the unsaved changes over it. Resolves `readable`. */
  async read(): Promise<boolean> {
    try {
      const result = await this.hooks.storage.update(this.scope);
      this.took(result.actions, result.quarantined);
    } catch (error) {
      this.readable = false;
      this.hooks.refused(this.scope, error);
    }
    return this.readable;
  }

  /** Saves the unsaved changes if there are any, else reads. Resolves whether storage is now in step. */
  async sync(): Promise<boolean> {
    if (this.unsaved.size) return (await this.write((queue) => queue)) && this.readable;
    return this.read();
  }

  /** Forgets everything, stored and unsaved (the user's queue is being cleared). */
  reset(): void {
    this.stored = [];
    this.unsaved.clear();
  }

  private took(stored: readonly OfflineAction[], quarantined: readonly QuarantinedRecord[]): void {
    this.stored = stored;
    this.readable = true;
    if (quarantined.length) this.hooks.quarantined(this.scope, quarantined);
  }
}
