import type { Observable } from 'rxjs';

/** A temporary entity id replaced by the server's, as announced to the other tabs. */
export interface EntityRemap {
  readonly entityType: string;
  readonly tempId: string;
  readonly serverId: string | number;
  /**
   * Where the create that made this temp id stands in its user's history (its `order`): it picks between two synced
   * creates of a reused temp id (see `RemapResolver`). Absent on remaps stored by older versions.
   */
  readonly since?: number;
}

/** What a tab says when it changed the stored queue; the others reload it from storage. */
export interface QueueChangeNotice {
  /** Temp ids the change remapped, so the other tabs remap their caches too. */
  readonly remaps?: readonly EntityRemap[];
}

/** One tab's membership of one user scope: whether it replays, and the queue changes of the others. */
export interface TabSession {
  /** True while this tab is the one that replays the scope's queue; emits its current value on subscribe. */
  readonly leader$: Observable<boolean>;
  /** Changes other tabs made to the scope's stored queue (never this tab's own). */
  readonly changes$: Observable<QueueChangeNotice>;
  /** Tells the other tabs that the stored queue changed. */
  notifyChange(notice?: QueueChangeNotice): void;
  /** Gives up leadership, stops listening and completes both streams. */
  close(): void;
}

/**
 * Decides which tab replays a scope's queue (only one may) and carries change notices between
 * tabs. Built in: `WebLocksCoordinator`, `BroadcastChannelCoordinator`, `SingleTabCoordinator`.
 */
export interface TabCoordinator {
  join(scope: string): TabSession;
  /**
   * Tells the tabs in `scope` that its stored queue changed, without joining it (the queue saved
   * changes of a user who is no longer the current one). Optional: without it they learn at their next load.
   */
  notify?(scope: string, notice?: QueueChangeNotice): void;
}
