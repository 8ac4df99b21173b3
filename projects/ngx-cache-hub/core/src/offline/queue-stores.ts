import { exponentialBackoff, type RetryDelay } from '../hub/retry-delay';
import { DurableQueueStore, DurableQueueStoreHooks } from './durable-queue-store';
import type { QueueSession } from './queue-session';
import type { SerialRunner } from './serial-runner';
import { toStorageError } from './storage-error';
import type { QueueChangeNotice, TabCoordinator } from './tab-coordinator';

declare const ngDevMode: boolean | undefined;

/** What `QueueStores` needs from its queue. */
export interface QueueStoresHost extends Omit<DurableQueueStoreHooks, 'refused' | 'changed'> {
  readonly serial: SerialRunner;
  readonly coordinator: TabCoordinator;
  readonly backoff?: RetryDelay;
  /** The current user's session, if any. */
  session(): QueueSession | null;
  /** Storage is taking changes again: replay, show. */
  resumed(): void;
  report(error: unknown): void;
}

/**
 * The stores of the current user and of the users whose changes only memory holds, and the retry
 * of what storage refused: the first refusal in a row is reported, then saving (or reading, where
 * a read failed) is tried again with backoff until storage is in step.
 */
export class QueueStores {
  private readonly stores = new Map<string, DurableQueueStore>();
  private readonly hooks: DurableQueueStoreHooks;
  private timer?: ReturnType<typeof setTimeout>;
  /** Refusals since storage was last in step. */
  private refusals = 0;
  private destroyed = false;

  constructor(private readonly host: QueueStoresHost) {
    this.hooks = { ...host, refused: (scope, error) => this.refused(scope, error), changed: (scope, notice) => this.changed(scope, notice) };
  }

  /** How many changes only memory holds, for every user. */
  get unsaved(): number {
    let unsaved = 0;
    for (const store of this.stores.values()) unsaved += store.unsavedCount;
    return unsaved;
  }

  /** The store of `scope`, made on first use. */
  of(scope: string): DurableQueueStore {
    let store = this.stores.get(scope);
    if (!store) this.stores.set(scope, (store = new DurableQueueStore(scope, this.hooks)));
    return store;
  }

  /** Forgets `store` if no session uses it and storage holds all of it. */
  release(store: DurableQueueStore): void {
    if (store.unsavedCount === 0 && this.host.session()?.store !== store) this.stores.delete(store.scope);
  }

  /** Forgets what memory holds for `scope` (its queue is being cleared). */
  forget(scope: string): void {
    this.stores.get(scope)?.reset();
    if (this.host.session()?.scope !== scope) this.stores.delete(scope);
  }

  /** Whether storage holds everything and the current user's queue could be read. */
  inStep(): boolean {
    return this.unsaved === 0 && (this.host.session()?.store.readable ?? true);
  }

  /** Tells the other tabs in `scope` that its stored queue changed: through the session if it is the current user's. */
  changed(scope: string, notice?: QueueChangeNotice): void {
    const session = this.host.session();
    if (session?.scope === scope) session.tab.notifyChange(notice);
    else this.host.coordinator.notify?.(scope, notice);
  }

  /** No more retries. */
  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.timer);
  }

  private refused(scope: string, error: unknown): void {
    if (this.refusals++ === 0) this.host.report(toStorageError(error, (typeof ngDevMode === 'undefined' || ngDevMode) && `using the offline queue storage of "${scope}"`));
    if (this.timer !== undefined || this.destroyed) return;
    const delay = (this.host.backoff ?? exponentialBackoff())(this.refusals - 1, error);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.host.serial
        .run(() => this.retry())
        .then(
          () => this.host.resumed(),
          (e) => this.host.report(e),
        );
    }, delay);
  }

  /** Saves what only memory holds, for the current user and those who left; reads again where reading failed. */
  private async retry(): Promise<void> {
    for (const store of [...this.stores.values()]) {
      if (this.destroyed) return;
      const session = this.host.session();
      if (session?.store === store) {
        if (store.unsavedCount || !store.readable) await store.sync();
        if (this.host.session() === session) session.refresh();
      } else if (store.unsavedCount) {
        await store.sync();
        this.release(store);
      }
    }
    if (this.inStep()) this.refusals = 0;
  }
}
