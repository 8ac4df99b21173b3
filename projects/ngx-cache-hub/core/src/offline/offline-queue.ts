import { BehaviorSubject, Observable, Subject, Subscription, combineLatest, distinctUntilChanged, map, of } from 'rxjs';
import type { CacheHubError } from '../hub/cache-hub-error';
import { ActionLayers } from './action-layers';
import { defaultQueueStorage } from './default-queue-storage';
import { toJsonPayload } from './json-payload';
import { newOfflineAction, OfflineAction } from './offline-action';
import type { OfflineActionHandler } from './offline-action-handler';
import type { EnqueuedAction, EnqueueInput, OfflineQueueOptions } from './offline-queue-options';
import type { QueueChange } from './offline-queue-storage';
import { isReservedActionType, stampOrder } from './remap-records';
import { signedInScope } from './signed-in-scope';
import { timedQueueStorage, type TimedQueueStorage } from './timed-queue-storage';
import { destroyedError, invalidTempIdError, noUserScopeError, quarantineError, reservedTypeError, unexpectedError, unknownTypeError } from './queue-errors';
import type { QueueSession } from './queue-session';
import { QueueStores } from './queue-stores';
import { QueueView } from './queue-view';
import { ReplayLoop } from './replay-loop';
import { SerialRunner } from './serial-runner';
import { SessionSwitch } from './session-switch';
import { defaultTabCoordinator } from './default-tab-coordinator';
import type { TabCoordinator } from './tab-coordinator';

export type { EnqueuedAction, EnqueueInput, OfflineQueueOptions } from './offline-queue-options';

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
  private readonly storage: TimedQueueStorage;
  private readonly ownsStorage: boolean;
  private readonly coordinator: TabCoordinator;
  private readonly errors = new Subject<CacheHubError>();
  private readonly paused = new BehaviorSubject(false);
  private readonly subscription = new Subscription();
  private readonly view: QueueView;
  private readonly serial = new SerialRunner();
  private readonly loop = new ReplayLoop(
    async () => (this.session ? this.session.replayNext() : false),
    (e) => this.report(e),
  );
  private readonly stores: QueueStores;
  private readonly sessions: SessionSwitch;
  private online = false;
  private started?: Promise<void>;
  private destroyed = false;

  /** Actions waiting or being sent, in replay order. Emits the current list on subscribe. */
  readonly pending$: Observable<readonly OfflineAction[]>;
  /** Actions that failed permanently, waiting for `retry(id)` or `discard(id)`. Emits on subscribe. */
  readonly failed$: Observable<readonly OfflineAction[]>;
  /** True while an action is being sent. Emits on subscribe. */
  readonly syncing$: Observable<boolean>;
  /** When an action last synced (epoch ms), or `null`. Emits on subscribe. */
  readonly lastSyncedAt$: Observable<number | null>;
  /**
   * How many queued changes live only in memory because storage refused them (full, or failing):
   * a reload now would lose them. Saving is retried with backoff and with every later change.
   * Emits on subscribe; warn the user while it is above 0.
   */
  readonly unsaved$: Observable<number>;
  /** Storage, quarantine and cache-bridge problems. They never throw at the app. */
  readonly errors$: Observable<CacheHubError> = this.errors.asObservable();

  constructor(private readonly options: OfflineQueueOptions) {
    for (const [type, handler] of Object.entries(options.handlers ?? {})) this.setHandler(type, handler);
    this.ownsStorage = !options.storage;
    this.storage = timedQueueStorage(options.storage ?? defaultQueueStorage(), options.storageTimeoutMs ?? 10_000);
    this.coordinator = options.coordinator ?? defaultTabCoordinator();
    this.view = new QueueView(
      new ActionLayers(options.bridge, (error) => this.report(error)),
      this.handlers,
      () => this.now(),
      () => this.stores.unsaved,
    );
    this.pending$ = this.view.pending$;
    this.failed$ = this.view.failed$;
    this.syncing$ = this.view.syncing$;
    this.lastSyncedAt$ = this.view.lastSyncedAt$;
    this.unsaved$ = this.view.unsaved$;
    this.stores = new QueueStores({
      storage: this.storage,
      serial: this.serial,
      backoff: options.backoff,
      now: () => this.now(),
      session: () => this.session,
      quarantined: (scope, records) => this.errors.next(quarantineError(scope, records)),
      coordinator: this.coordinator,
      resumed: () => (this.view.emit(), this.kick()),
      report: (error) => this.report(error),
    });
    this.sessions = new SessionSwitch({
      options,
      handlers: this.handlers,
      serial: this.serial,
      coordinator: this.coordinator,
      stores: this.stores,
      view: this.view,
      canSend: () => this.online,
      refreshScope: () => void this.refreshScope().catch((e) => this.report(e)),
      kick: () => this.kick(),
      report: (error) => this.report(error),
      now: () => this.now(),
    });
    if (options.autoStart !== false) void this.start();
  }

  /** Loads the current scope's queue and starts replaying when online. Idempotent. */
  start(): Promise<void> {
    if (this.destroyed) return Promise.resolve();
    this.started ??= this.begin();
    return this.started;
  }

  /** Registers (or replaces) the handler of an action type, then shows and replays its waiting actions. */
  register<P>(type: string, handler: OfflineActionHandler<P>): void {
    this.setHandler(type, handler);
    if (this.session) this.serial.run(() => this.sessions.publish()).then(() => this.kick());
  }

  private setHandler(type: string, handler: OfflineActionHandler<never>): void {
    if (isReservedActionType(type)) throw reservedTypeError(type);
    this.handlers.set(type, handler as OfflineActionHandler);
  }

  /**
   * Stores an action under the user signed in now (`scope()` is read at the call), then shows its
   * optimistic change if that user is still the current one, then replays it when online. Resolves
   * with the action and `durable`: whether storage took it (see `EnqueuedAction`). Rejects with
   * UnknownActionType for an unregistered type, ForbiddenKey/InvalidActionPayload for a payload
   * that is not plain JSON data, NoUserScope when nobody is signed in, HubDestroyed after destroy.
   */
  async enqueue<P>(input: EnqueueInput<P>): Promise<EnqueuedAction<P>> {
    if (this.destroyed) throw destroyedError();
    const scope = signedInScope(this.options);
    const handler = this.handlers.get(input.type);
    if (!handler) throw unknownTypeError(input.type);
    const payload = toJsonPayload(input.payload);
    if (scope === null) throw noUserScopeError();
    const id = (this.options.generateId ?? (() => crypto.randomUUID()))();
    const tempId = handler.createsEntity?.tempId(payload);
    if (tempId !== undefined && (typeof tempId !== 'string' || !tempId)) throw invalidTempIdError(input.type, tempId);
    const queued = newOfflineAction({ id, type: input.type, payload, scope, createdAt: this.now(), tempId, blocking: input.blocking });
    await this.start();
    const enqueued = await this.serial.run(async () => {
      if (this.destroyed) throw destroyedError();
      await this.sessions.switch();
      const session = this.session?.scope === scope ? this.session : null;
      const store = session?.store ?? this.stores.of(scope);
      const durable = await store.write((queue) => (queue.some((a) => a.id === queued.id) ? queue : [...queue, stampOrder(queued, queue)]));
      if (session && this.session === session) this.sessions.publish(input.optimistic && new Map([[queued.id, input.optimistic]]));
      else this.stores.release(store);
      this.view.emit();
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
    if (!this.destroyed) this.paused.next(true);
  }

  /** Undoes `pause()` and retries at once, without waiting for the backoff delay. */
  resume(): void {
    if (!this.destroyed) this.paused.next(false);
  }

  /**
   * Re-reads `scope()`. On a change it stops replaying the old scope (aborting its attempt in
   * flight and rolling its optimistic layers back) and loads the new scope's queue.
   */
  refreshScope(): Promise<void> {
    return this.serial.run(() => this.sessions.switch()).then(() => this.kick());
  }

  /** Removes a user's stored queue and quarantine; if it is the current scope, its actions and layers go too. */
  async clearScope(scope: string): Promise<void> {
    await this.serial.run(async () => {
      this.stores.forget(scope);
      const session = this.session?.scope === scope ? this.session : null;
      if (session) {
        session.abortInFlight();
        session.cancelRetryWait();
        this.view.clear();
      }
      this.view.emit();
      await this.storage.clear(scope);
      this.stores.changed(scope);
    });
  }

  /** Stops everything: no timers, listeners, locks or channels remain. Optimistic layers are left to the cache. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stores.destroy();
    this.loop.stop();
    this.sessions.destroy();
    this.subscription.unsubscribe();
    this.storage.stop();
    if (this.ownsStorage) this.storage.close?.();
    this.view.complete();
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

  private get session(): QueueSession | null {
    return this.sessions.current;
  }

  private kick(): void {
    if (!this.destroyed) this.loop.kick();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private report(error: unknown): void {
    this.errors.next(unexpectedError(error));
  }
}
