import { BehaviorSubject, Observable, distinctUntilChanged, map } from 'rxjs';
import type { OptimisticChange } from '../hub/optimistic-change';
import type { ActionLayers } from './action-layers';
import type { OfflineAction } from './offline-action';
import type { OfflineActionHandler } from './offline-action-handler';

/** Everything the UI observes, in one snapshot. */
interface QueueState {
  readonly actions: readonly OfflineAction[];
  readonly lastSyncedAt: number | null;
  readonly unsaved: number;
}

/** What the UI sees of the queue: the current user's actions with their optimistic layers, and the streams over them. */
export class QueueView {
  private readonly state = new BehaviorSubject<QueueState>({ actions: [], lastSyncedAt: null, unsaved: 0 });
  private shown: readonly OfflineAction[] = [];
  private lastSyncedAt: number | null = null;

  readonly pending$: Observable<readonly OfflineAction[]> = this.select((actions) => actions.filter((a) => a.status !== 'failed'));
  readonly failed$: Observable<readonly OfflineAction[]> = this.select((actions) => actions.filter((a) => a.status === 'failed'));
  readonly syncing$: Observable<boolean> = this.pick((state) => state.actions.some((a) => a.status === 'syncing'));
  readonly lastSyncedAt$: Observable<number | null> = this.pick((state) => state.lastSyncedAt);
  readonly unsaved$: Observable<number> = this.pick((state) => state.unsaved);

  constructor(
    private readonly layers: ActionLayers,
    private readonly handlers: ReadonlyMap<string, OfflineActionHandler>,
    private readonly now: () => number,
    private readonly unsaved: () => number,
  ) {}

  /** Shows `actions` (the current user's): layers lined up with them (`overrides`: per-call changes), then emits. */
  show(actions: readonly OfflineAction[], overrides?: ReadonlyMap<string, OptimisticChange>): void {
    const next = keepIdentity(this.shown, actions);
    // Gone while it was waiting: another tab synced it.
    if (this.shown.some((a) => a.status !== 'failed' && !next.some((b) => b.id === a.id))) this.synced();
    this.shown = next;
    this.layers.sync(next, this.handlers, overrides);
    this.emit();
  }

  /** Shows nothing, rolling every layer back (the user left, or the queue was cleared). */
  clear(): void {
    this.shown = [];
    this.layers.rollbackAll();
    this.emit();
  }

  /** An action synced now. */
  synced(): void {
    this.lastSyncedAt = this.now();
  }

  emit(): void {
    this.state.next({ actions: this.shown, lastSyncedAt: this.lastSyncedAt, unsaved: this.unsaved() });
  }

  /** Completes every stream. */
  complete(): void {
    this.state.complete();
  }

  private select(pick: (actions: readonly OfflineAction[]) => readonly OfflineAction[]): Observable<readonly OfflineAction[]> {
    return this.state.pipe(
      map((state) => pick(state.actions)),
      distinctUntilChanged((a, b) => a.length === b.length && a.every((action, i) => action === b[i])),
    );
  }

  private pick<T>(read: (state: QueueState) => T): Observable<T> {
    return this.state.pipe(map(read), distinctUntilChanged());
  }
}

/** `next` with every action equal to one in `previous` replaced by that one, so unchanged lists compare equal. */
function keepIdentity(previous: readonly OfflineAction[], next: readonly OfflineAction[]): readonly OfflineAction[] {
  const byId = new Map(previous.map((a) => [a.id, a]));
  return next.map((action) => {
    const known = byId.get(action.id);
    return known && (known === action || JSON.stringify(known) === JSON.stringify(action)) ? known : action;
  });
}
