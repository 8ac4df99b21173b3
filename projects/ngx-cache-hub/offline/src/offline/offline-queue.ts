import { BehaviorSubject, Observable, Subject, Subscription, combineLatest, distinctUntilChanged, map, of } from 'rxjs';
import { exponentialBackoff, type CacheHubError, type OptimisticChange } from 'ngx-cache-hub';
import { ActionLayers } from './action-layers';
import { defaultQueueStorage } from './default-queue-storage';
import { DurableQueueStore, DurableQueueStoreHooks } from './durable-queue-store';
import { toJsonPayload } from './json-payload';
import type { OfflineAction } from './offline-action';
import type { OfflineActionHandler } from './offline-action-handler';
import type { EnqueuedAction, EnqueueInput, OfflineQueueOptions } from './offline-queue-options';
import type { OfflineQueueStorage, QueueChange } from './offline-queue-storage';
import { disposedError, noUserScopeError, quarantineError, unexpectedError, unknownTypeError } from './queue-errors';
import { QueueSession, QueueSessionHost } from './queue-session';
import { ReplayLoop } from './replay-loop';
import { SerialRunner } from './serial-runner';
import { toStorageError } from './storage-error';
import { defaultTabCoordinator } from './default-tab-coordinator';
import type { TabCoordinator } from './tab-coordinator';

export type { EnqueuedAction, EnqueueInput, OfflineQueueOptions } from './offline-queue-options';

/** Everything the UI observes, in one snapshot. */
interface QueueState {
  readonly actions: readonly OfflineAction[];
  readonly lastSyncedAt: number | null;
  readonly unsaved: number;
}

/**
 * The offline action queue, framework-free. Actions are stored under the user signed in when
 * `enqueue()` is called, before their optimistic change is shown; replayed FIFO one at a time by a
 * single tab, only while that user is signed in, with the action id as idempotency key; retried
 * with backoff on transient errors and moved to `failed$` (their layer rolled back) on permanent
 * ones. A create's temp id is remapped in the cache and, durably, in every later action.
 *
 * @example
 * const queue = new OfflineQueue({
 *   bridge: { optimistic: (change) => applyOptimistic(hub, change), remapEntityId: (type, from, to) => store.remapId(type, from, to) },
 *   scope: () => auth.userId(),
 *   online$: online$,
 *   handlers: { 'stock/update': updateStock },
 * });
 * const { durable } = await queue.enqueue({ type: 'stock/update', payload: { id: 'p1', stock: 4 } });
 */
export class OfflineQueue {
  private readonly handlers = new Map<string, OfflineActionHandler>();
  private readonly storage: OfflineQueueStorage;
  private readonly ownsStorage: boolean;
  private readonly coordinator: TabCoordinator;
  private readonly state = new BehaviorSubject<QueueState>({ actions: [], lastSyncedAt: null, unsaved: 0 });
  private readonly errors = new Subject<CacheHubError>();
  private readonly paused = new BehaviorSubject(false);
  private readonly subscription = new Subscription();
  private readonly layers: ActionLayers;
  private readonly serial = new SerialRunner();
  private readonly loop = new ReplayLoop(async () => (this.session ? this.session.replayNext() : false), (e) => this.report(e));
  /** The stores of the current user and of users whose changes only memory holds. */
  private readonly stores = new Map<string, DurableQueueStore>();
  private readonly storeHooks: DurableQueueStoreHooks;
  private readonly host: QueueSessionHost;
  private session: QueueSession | null = null;
  /** What was last shown: the current user's actions. */
  private shown: readonly OfflineAction[] = [];
  private lastSyncedAt: number | null = null;
  /** Retries what storage refused; `refusals` counts refusals since storage was last in step. */
  private saveTimer?: ReturnType<typeof setTimeout>;
  private refusals = 0;
  private online = false;
  private started?: Promise<void>;
  private disposed = false;

  /** Actions waiting or being sent, in replay order. Emits the current list on subscribe. */
  readonly pending$: Observable<readonly OfflineAction[]> = this.select((actions) => actions.filter((a) => a.status !== 'failed'));
  /** Actions that failed permanently, waiting for `retry(id)` or `discard(id)`. Emits on subscribe. */
  readonly failed$: Observable<readonly OfflineAction[]> = this.select((actions) => actions.filter((a) => a.status === 'failed'));
  /** True while an action is being sent. Emits on subscribe. */
  readonly syncing$: Observable<boolean> = this.pick((state) => state.actions.some((a) => a.status === 'syncing'));
  /** When an action last synced (epoch ms), or `null`. Emits on subscribe. */
  readonly lastSyncedAt$: Observable<number | null> = this.pick((state) => state.lastSyncedAt);
  /**
   * How many queued changes live only in memory because storage refused them (full, or failing):
   * a reload now would lose them. Saving is retried with backoff and with every later change.
   * Emits on subscribe; warn the user while it is above 0.
   */
  readonly unsaved$: Observable<number> = this.pick((state) => state.unsaved);
  /** Storage, quarantine and cache-bridge problems. They never throw at the app. */
  readonly errors$: Observable<CacheHubError> = this.errors.asObservable();

  constructor(private readonly options: OfflineQueueOptions) {
    for (const [type, handler] of Object.entries(options.handlers ?? {})) this.handlers.set(type, handler);
    this.ownsStorage = !options.storage;
    this.storage = options.storage ?? defaultQueueStorage();
    this.coordinator = options.coordinator ?? defaultTabCoordinator();
    this.layers = new ActionLayers(options.bridge, (error) => this.report(error));
    this.storeHooks = {
      storage: this.storage,
      now: () => this.now(),
      refused: (scope, error) => this.refused(scope, error),
      quarantined: (scope, records) => this.errors.next(quarantineError(scope, records)),
      changed: (scope, notice) => (this.session?.scope === scope ? this.session.tab.notifyChange(notice) : this.coordinator.notify?.(scope, notice)),
    };
    this.host = {
      options,
      handlers: this.handlers,
      serial: this.serial,
      isCurrent: (session) => !this.disposed && this.session === session,
      canSend: () => this.online,
      publish: () => this.publish(),
      remapInCache: (remap) => this.guard(() => options.bridge.remapEntityId(remap.entityType, remap.tempId, remap.serverId)),
      synced: () => (this.lastSyncedAt = this.now()),
      scopeChanged: () => void this.refreshScope().catch((e) => this.report(e)),
      kick: () => this.kick(),
      report: (error) => this.report(error),
      now: () => this.now(),
    };
    if (options.autoStart !== false) void this.start();
  }

  /** Loads the current scope's queue and starts replaying when online. Idempotent. */
  start(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.started ??= this.begin();
    return this.started;
  }

  /** Registers (or replaces) the handler of an action type, then shows and replays its waiting actions. */
  register<P>(type: string, handler: OfflineActionHandler<P>): void {
    this.handlers.set(type, handler);
    if (this.session) this.serial.run(() => this.publish()).then(() => this.kick());
  }

  /**
   * Stores an action under the user signed in now (`scope()` is read at the call), then shows its
   * optimistic change if that user is still the current one, then replays it when online. Resolves
   * with the action and `durable`: whether storage took it (see `EnqueuedAction`). Rejects with
   * UnknownActionType for an unregistered type, ForbiddenKey/InvalidActionPayload for a payload
   * that is not plain JSON data, NoUserScope when nobody is signed in, HubDestroyed after dispose.
   */
  async enqueue<P>(input: EnqueueInput<P>): Promise<EnqueuedAction<P>> {
    if (this.disposed) throw disposedError();
    const scope = this.options.scope();
    const handler = this.handlers.get(input.type);
    if (!handler) throw unknownTypeError(input.type);
    const payload = toJsonPayload(input.payload);
    if (scope === null) throw noUserScopeError();
    const tempId = handler.createsEntity?.tempId(payload);
    const queued: OfflineAction<P> = {
      id: (this.options.generateId ?? defaultId)(),
      type: input.type,
      payload,
      createdAt: this.now(),
      attempts: 0,
      status: 'pending',
      scope,
      ...(tempId !== undefined ? { tempIds: [tempId] } : {}),
      ...(input.blocking ? { blocking: true } : {}),
    };
    await this.start();
    const enqueued = await this.serial.run(async () => {
      if (this.disposed) throw disposedError();
      await this.switchScope();
      const session = this.session?.scope === scope ? this.session : null;
      const store = session?.store ?? this.storeOf(scope);
      const durable = await store.write((queue) => (queue.some((a) => a.id === queued.id) ? queue : [...queue, queued]));
      if (session && this.session === session) this.publish(input.optimistic && new Map([[queued.id, input.optimistic]]));
      else this.release(store);
      const stored = (store.records.find((a) => a.id === queued.id) ?? queued) as OfflineAction<P>;
      return { ...stored, durable };
    });
    this.kick();
    return enqueued;
  }

  /** Puts a failed action back in the queue at its place (attempts counted from 0). Resolves `false` if it is not failed. */
  retry(id: string): Promise<boolean> {
    return this.changeFailed(id, (action) => {
      const { error: _error, ...rest } = action;
      return (queue) => queue.map((a) => (a.id === id ? { ...rest, status: 'pending', attempts: 0 } : a));
    });
  }

  /** Drops a failed action for good. Resolves `false` if it is not failed. */
  discard(id: string): Promise<boolean> {
    return this.changeFailed(id, () => (queue) => queue.filter((a) => a.id !== id));
  }

  /** Stops starting new attempts until `resume()` (the one in flight finishes). */
  pause(): void {
    if (!this.disposed) this.paused.next(true);
  }

  /** Undoes `pause()` and retries at once, without waiting for the backoff delay. */
  resume(): void {
    if (!this.disposed) this.paused.next(false);
  }

  /**
   * Re-reads `scope()`. On a change it stops replaying the old scope (aborting its attempt in
   * flight and rolling its optimistic layers back) and loads the new scope's queue.
   */
  refreshScope(): Promise<void> {
    return this.serial.run(() => this.switchScope()).then(() => this.kick());
  }

  /** Removes a user's stored queue and quarantine; if it is the current scope, its actions and layers go too. */
  async clearScope(scope: string): Promise<void> {
    await this.serial.run(async () => {
      this.stores.get(scope)?.reset();
      const session = this.session?.scope === scope ? this.session : null;
      if (session) {
        session.abortInFlight();
        session.cancelRetryWait();
        this.shown = [];
        this.layers.rollbackAll();
      } else {
        this.stores.delete(scope);
      }
      this.emit();
      await this.storage.clear(scope);
      this.storeHooks.changed(scope);
    });
  }

  /** Stops everything: no timers, listeners, locks or channels remain. Optimistic layers are left to the cache. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.saveTimer);
    this.loop.stop();
    this.session?.close();
    this.session = null;
    this.subscription.unsubscribe();
    if (this.ownsStorage) this.storage.close?.();
    this.state.complete();
    this.errors.complete();
    this.paused.complete();
  }

  private begin(): Promise<void> {
    const online$ = this.options.online$ ?? of(true);
    this.subscription.add(
      combineLatest([online$, this.paused])
        .pipe(
          map(([online, paused]) => online && !paused),
          distinctUntilChanged(),
        )
        .subscribe((online) => {
          this.online = online;
          if (online) this.session?.cancelRetryWait(); // the wait was for the network: try now
          this.kick();
        }),
    );
    if (this.options.scopeChanges$) {
      this.subscription.add(this.options.scopeChanges$.subscribe(() => this.refreshScope().catch((e) => this.report(e))));
    }
    return this.refreshScope();
  }

  private async switchScope(): Promise<void> {
    if (this.disposed) return;
    const scope = this.options.scope();
    if (scope === (this.session?.scope ?? null)) return;
    const ended = this.session;
    if (ended) {
      ended.close();
      this.session = null;
      this.release(ended.store);
      this.shown = [];
      this.layers.rollbackAll();
      this.emit();
    }
    if (scope === null) return;
    const session = new QueueSession(this.coordinator.join(scope), this.storeOf(scope), this.host);
    this.session = session;
    await session.open(); // the load, also saving changes kept in memory while storage refused them
    if (this.session === session) session.refresh();
  }

  private changeFailed(id: string, change: (action: OfflineAction) => QueueChange): Promise<boolean> {
    const changed = this.serial.run(async () => {
      const session = this.session;
      const action = session?.actions.find((a) => a.id === id);
      if (!session || action?.status !== 'failed') return false;
      await session.store.write(change(action));
      if (this.session === session) session.refresh();
      return true;
    });
    return changed.finally(() => this.kick());
  }

  // --- storage trouble ------------------------------------------------------------------------

  private storeOf(scope: string): DurableQueueStore {
    let store = this.stores.get(scope);
    if (!store) this.stores.set(scope, (store = new DurableQueueStore(scope, this.storeHooks)));
    return store;
  }

  /** Forgets a store no session uses once storage holds all of it. */
  private release(store: DurableQueueStore): void {
    if (store.unsavedCount === 0 && this.session?.store !== store) this.stores.delete(store.scope);
    this.emit();
  }

  /** Storage refused a write or read: report the first refusal in a row, retry with backoff. */
  private refused(scope: string, error: unknown): void {
    if (this.refusals++ === 0) this.report(toStorageError(error, `using the offline queue storage of "${scope}"`));
    if (this.saveTimer !== undefined || this.disposed) return;
    const delay = (this.options.backoff ?? exponentialBackoff())(this.refusals - 1, error);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.serial.run(() => this.saveUnsaved()).then(() => this.kick(), (e) => this.report(e));
    }, delay);
  }

  /** Saves what only memory holds, for the current user and those who left; reads storage again where it failed. */
  private async saveUnsaved(): Promise<void> {
    for (const store of [...this.stores.values()]) {
      if (this.disposed) return;
      const session = this.session?.store === store ? this.session : null;
      if (!store.unsavedCount && (!session || store.readable)) continue;
      await store.sync();
      if (session && this.session === session) session.refresh();
      else this.release(store);
    }
    this.emit();
  }

  // --- what the UI sees -----------------------------------------------------------------------

  /** Lines the optimistic layers up with the current user's actions, then emits. */
  private publish(overrides?: ReadonlyMap<string, OptimisticChange>): void {
    const actions = keepIdentity(this.shown, this.session?.actions ?? []);
    // Gone while it was waiting: another tab synced it.
    if (this.shown.some((a) => a.status !== 'failed' && !actions.some((b) => b.id === a.id))) this.lastSyncedAt = this.now();
    this.shown = actions;
    this.layers.sync(actions, this.handlers, overrides);
    this.emit();
  }

  private emit(): void {
    let unsaved = 0;
    for (const store of this.stores.values()) unsaved += store.unsavedCount;
    if (unsaved === 0 && (this.session?.store.readable ?? true)) this.refusals = 0; // storage is in step again
    this.state.next({ actions: this.shown, lastSyncedAt: this.lastSyncedAt, unsaved });
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

  private kick(): void {
    if (!this.disposed) this.loop.kick();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private guard(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    this.errors.next(unexpectedError(error));
  }
}

function defaultId(): string {
  return crypto.randomUUID();
}

/** `next` with every action equal to one in `previous` replaced by that one, so unchanged lists compare equal. */
function keepIdentity(previous: readonly OfflineAction[], next: readonly OfflineAction[]): readonly OfflineAction[] {
  const byId = new Map(previous.map((a) => [a.id, a]));
  return next.map((action) => {
    const known = byId.get(action.id);
    return known && (known === action || JSON.stringify(known) === JSON.stringify(action)) ? known : action;
  });
}
