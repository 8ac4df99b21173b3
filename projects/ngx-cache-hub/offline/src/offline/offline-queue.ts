import { BehaviorSubject, Observable, Subject, Subscription, combineLatest, distinctUntilChanged, map, of } from 'rxjs';
import { CacheHubError, type CacheHubErrorCode, exponentialBackoff, type OptimisticChange, RetryDelay } from 'ngx-cache-hub';
import { ActionLayers } from './action-layers';
import { classifyOfflineError, OfflineErrorClassification } from './classify-offline-error';
import { defaultQueueStorage } from './default-queue-storage';
import { defaultTabCoordinator } from './default-tab-coordinator';
import { toJsonPayload } from './json-payload';
import { OfflineAction, toOfflineActionError } from './offline-action';
import type { OfflineActionHandler } from './offline-action-handler';
import type { OfflineCacheBridge } from './offline-cache-bridge';
import type { OfflineQueueStorage, QuarantinedRecord, QueueChange } from './offline-queue-storage';
import { replaceTempId } from './replace-temp-id';
import { toStorageError } from './storage-error';
import type { EntityRemap, QueueChangeNotice, TabCoordinator, TabSession } from './tab-coordinator';

/** Options of `OfflineQueue`. */
export interface OfflineQueueOptions {
  /** The cache side: applies optimistic layers and remaps temp ids. */
  readonly bridge: OfflineCacheBridge;
  /**
   * The signed-in user, or `null` for nobody (nothing loads or replays). Read at start, on
   * `enqueue`, before every attempt and on `refreshScope()`; a queue is only replayed under its scope.
   */
  readonly scope: () => string | null;
  /** Emits when the user may have changed; each emission calls `refreshScope()`. Optional. */
  readonly scopeChanges$?: Observable<unknown>;
  /** Handlers by action type; more can be added with `register()`. */
  readonly handlers?: Readonly<Record<string, OfflineActionHandler>>;
  /** Where actions are kept. Default `defaultQueueStorage()`: IndexedDB, else localStorage, else memory. */
  readonly storage?: OfflineQueueStorage;
  /** Decides which tab replays. Default `defaultTabCoordinator()`: Web Locks, else BroadcastChannel, else this tab. */
  readonly coordinator?: TabCoordinator;
  /**
   * Whether the app can reach the server; must emit its current value on subscribe. The Angular
   * wrapper combines `navigator.onLine` with the real-time connection. Default: always online.
   */
  readonly online$?: Observable<boolean>;
  /** Delay before retry `n` (0-based) of a transient failure. Default `exponentialBackoff()`: 1 s doubling, capped at 30 s, jittered. */
  readonly backoff?: RetryDelay;
  /** Tells transient from permanent failures. Default `classifyOfflineError`. */
  readonly classifyError?: (error: unknown) => OfflineErrorClassification;
  /** Attempts after which a transiently failing action moves to failed. Default `Infinity` (never give up). */
  readonly maxAttempts?: number;
  /** An attempt still running after this long is aborted and retried (transient). `0` disables. Default 30000. */
  readonly attemptTimeoutMs?: number;
  /** Makes action ids (the idempotency keys). Default `crypto.randomUUID()`. */
  readonly generateId?: () => string;
  /** Clock for `createdAt` and `lastSyncedAt`. Default `Date.now`. */
  readonly now?: () => number;
  /** Start (load the queue and replay) in the constructor. Default `true`; otherwise call `start()`. */
  readonly autoStart?: boolean;
}

/** What `enqueue()` takes. */
export interface EnqueueInput<P = unknown> {
  /** A registered action type. */
  readonly type: string;
  /** Plain JSON data; stored, then passed to the handler. */
  readonly payload: P;
  /**
   * The change to show now, instead of the handler's `optimistic(payload)`. Functions cannot be
   * stored: after a reload the handler's `optimistic(payload)` is what gets re-applied.
   */
  readonly optimistic?: OptimisticChange;
  /** If it fails permanently, hold every later action until it is retried or discarded. Default `false`. */
  readonly blocking?: boolean;
}

/** Everything the UI observes, in one snapshot. */
interface QueueState {
  readonly actions: readonly OfflineAction[];
  readonly lastSyncedAt: number | null;
  readonly unsaved: number;
}

/** The queue of one user scope, while it is the current one. */
interface Session {
  readonly scope: string;
  readonly tab: TabSession;
  readonly subscription: Subscription;
  /** Temp ids remapped during this session, applied to actions enqueued later. */
  readonly remaps: Map<string, EntityRemap>;
  /** Changes made in memory that storage has not taken yet (`null`: removed). */
  readonly dirty: Map<string, OfflineAction | null>;
  leader: boolean;
  retryTimer?: ReturnType<typeof setTimeout>;
  inFlight?: AbortController;
}

/** One attempt in progress. */
interface Attempt {
  readonly session: Session;
  readonly action: OfflineAction;
  readonly handler: OfflineActionHandler;
  readonly controller: AbortController;
}

type Outcome = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: unknown };

/**
 * The offline action queue, framework-free. Actions are stored before their optimistic change is
 * shown, replayed FIFO one at a time by a single tab with the action id as idempotency key,
 * retried with backoff on transient errors and moved to `failed$` (their layer rolled back) on
 * permanent ones. A create's temp id is remapped in the cache and in every later action.
 *
 * @example
 * const queue = new OfflineQueue({
 *   bridge: { optimistic: (change) => applyOptimistic(hub, change), remapEntityId: (type, from, to) => store.remapId(type, from, to) },
 *   scope: () => auth.userId(),
 *   online$: online$,
 *   handlers: { 'stock/update': updateStock },
 * });
 * await queue.enqueue({ type: 'stock/update', payload: { id: 'p1', stock: 4 } });
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
  /** In-memory changes of scopes switched away from, kept for when the user comes back. */
  private readonly parked = new Map<string, Map<string, OfflineAction | null>>();
  /** Retries saving what storage refused (the session's changes and parked ones); `saveFailures` counts refusals in a row. */
  private saveTimer?: ReturnType<typeof setTimeout>;
  private saveFailures = 0;
  private actions: readonly OfflineAction[] = [];
  private lastSyncedAt: number | null = null;
  private session: Session | null = null;
  private online = false;
  private started?: Promise<void>;
  private disposed = false;
  private draining = false;
  private drainRequested = false;
  private tail: Promise<unknown> = Promise.resolve();

  /** Actions waiting or being sent, in replay order. Emits the current list on subscribe. */
  readonly pending$: Observable<readonly OfflineAction[]> = this.select((actions) => actions.filter((a) => a.status !== 'failed'));
  /** Actions that failed permanently, waiting for `retry(id)` or `discard(id)`. Emits on subscribe. */
  readonly failed$: Observable<readonly OfflineAction[]> = this.select((actions) => actions.filter((a) => a.status === 'failed'));
  /** True while an action is being sent. Emits on subscribe. */
  readonly syncing$: Observable<boolean> = this.state.pipe(
    map((state) => state.actions.some((a) => a.status === 'syncing')),
    distinctUntilChanged(),
  );
  /** When an action last synced (epoch ms), or `null`. Emits on subscribe. */
  readonly lastSyncedAt$: Observable<number | null> = this.state.pipe(
    map((state) => state.lastSyncedAt),
    distinctUntilChanged(),
  );
  /**
   * How many queued changes live only in memory because storage refused them (full, or failing):
   * a reload now would lose them. Saving is retried with backoff and with every later change.
   * Emits on subscribe; warn the user while it is above 0.
   */
  readonly unsaved$: Observable<number> = this.state.pipe(
    map((state) => state.unsaved),
    distinctUntilChanged(),
  );
  /** Storage, quarantine and cache-bridge problems. They never throw at the app. */
  readonly errors$: Observable<CacheHubError> = this.errors.asObservable();

  constructor(private readonly options: OfflineQueueOptions) {
    for (const [type, handler] of Object.entries(options.handlers ?? {})) this.handlers.set(type, handler);
    this.ownsStorage = !options.storage;
    this.storage = options.storage ?? defaultQueueStorage();
    this.coordinator = options.coordinator ?? defaultTabCoordinator();
    this.layers = new ActionLayers(options.bridge, (error) => this.report(error));
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
    if (this.session) this.background(async () => this.publish());
  }

  /**
   * Stores an action, then shows its optimistic change, then replays it when online. Rejects with
   * UnknownActionType for an unregistered type, ForbiddenKey/InvalidOption for a payload that is
   * not plain JSON data, ActionFailed when no user scope is set.
   */
  async enqueue<P>(input: EnqueueInput<P>): Promise<OfflineAction<P>> {
    if (this.disposed) throw disposedError();
    const handler = this.handlers.get(input.type);
    if (!handler) throw unknownTypeError(input.type);
    const payload = toJsonPayload(input.payload);
    await this.start();
    await this.refreshScope();
    const action = await this.serial(async () => {
      const session = this.session;
      if (this.disposed) throw disposedError();
      if (!session) {
        throw new CacheHubError(305 satisfies CacheHubErrorCode.NoUserScope, 'cannot queue an offline action without a user scope. Sign in first, or return a scope from the scope() option.');
      }
      const tempId = handler.createsEntity?.tempId(payload);
      const queued: OfflineAction<P> = {
        id: (this.options.generateId ?? defaultId)(),
        type: input.type,
        payload: [...session.remaps.values()].reduce((p, remap) => replaceTempId(p, remap.tempId, remap.serverId), payload),
        createdAt: this.now(),
        attempts: 0,
        status: 'pending',
        scope: session.scope,
        ...(tempId !== undefined ? { tempIds: [tempId] } : {}),
        ...(input.blocking ? { blocking: true } : {}),
      };
      const overrides = input.optimistic ? new Map([[queued.id, input.optimistic]]) : undefined;
      const append: QueueChange = (queue) => (queue.some((a) => a.id === queued.id) ? queue : [...queue, queued]);
      await this.write(session, append, overrides);
      session.tab.notifyChange();
      return queued;
    });
    this.kick();
    return action;
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
   * Re-reads `scope()`. On a change it stops replaying the old scope (rolling its optimistic
   * layers back) and loads the new scope's queue.
   */
  refreshScope(): Promise<void> {
    return this.serial(() => this.switchScope()).then(() => this.kick());
  }

  /** Removes a user's stored queue and quarantine; if it is the current scope, its actions and layers go too. */
  async clearScope(scope: string): Promise<void> {
    await this.serial(async () => {
      this.parked.delete(scope);
      this.emit();
      const session = this.session;
      if (session?.scope === scope) {
        session.inFlight?.abort();
        clearTimeout(session.retryTimer);
        session.retryTimer = undefined;
        session.dirty.clear();
        this.actions = [];
        this.layers.rollbackAll();
        this.emit();
        session.tab.notifyChange();
      }
      await this.storage.clear(scope);
    });
  }

  /** Stops everything: no timers, listeners, locks or channels remain. Optimistic layers are left to the cache. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.saveTimer);
    if (this.session) this.closeSession(this.session);
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
        .subscribe((online) => this.setOnline(online)),
    );
    if (this.options.scopeChanges$) {
      this.subscription.add(this.options.scopeChanges$.subscribe(() => this.refreshScope().catch((e) => this.report(e))));
    }
    return this.refreshScope();
  }

  private setOnline(online: boolean): void {
    this.online = online;
    const session = this.session;
    if (online && session?.retryTimer !== undefined) {
      // Back online: the wait was for the network, try now.
      clearTimeout(session.retryTimer);
      session.retryTimer = undefined;
    }
    this.kick();
  }

  // --- scopes ---------------------------------------------------------------------------------

  private async switchScope(): Promise<void> {
    if (this.disposed) return;
    const scope = this.options.scope();
    if (scope === (this.session?.scope ?? null)) return;
    this.endSession();
    if (scope !== null) await this.openSession(scope);
  }

  private async openSession(scope: string): Promise<void> {
    const tab = this.coordinator.join(scope);
    const dirty = this.parked.get(scope) ?? new Map<string, OfflineAction | null>();
    this.parked.delete(scope);
    const session: Session = { scope, tab, subscription: new Subscription(), remaps: new Map(), dirty, leader: false };
    this.session = session;
    this.actions = overlay([], dirty);
    await this.write(session, keep); // the load, also flushing changes parked while storage was full
    session.subscription.add(tab.changes$.subscribe((notice) => this.background(() => this.onRemoteChange(session, notice))));
    session.subscription.add(
      tab.leader$.pipe(distinctUntilChanged()).subscribe((leader) => {
        session.leader = leader;
        if (leader) this.background(() => this.takeOver(session));
      }),
    );
  }

  private endSession(): void {
    const session = this.session;
    if (!session) return;
    this.closeSession(session);
    this.session = null;
    if (session.dirty.size) this.parked.set(session.scope, session.dirty);
    this.actions = [];
    this.layers.rollbackAll();
    this.emit();
  }

  private closeSession(session: Session): void {
    session.subscription.unsubscribe();
    session.tab.close();
    session.inFlight?.abort();
    clearTimeout(session.retryTimer);
  }

  /** Another tab changed the stored queue: take its remaps, then reload. */
  private async onRemoteChange(session: Session, notice: QueueChangeNotice): Promise<void> {
    if (this.session !== session) return;
    for (const remap of notice.remaps ?? []) this.remap(session, remap);
    await this.write(session, keep);
  }

  /** This tab now replays: catch up with storage; what a vanished leader left "syncing" is pending again. */
  private async takeOver(session: Session): Promise<void> {
    if (this.session !== session || !session.leader) return;
    await this.write(session, keep);
    const orphaned = (a: OfflineAction) => a.status === 'syncing' && !session.inFlight;
    if (this.actions.some(orphaned)) {
      await this.write(session, (queue) => queue.map((a) => (orphaned(a) ? { ...a, status: 'pending' } : a)));
    }
  }

  // --- replay ---------------------------------------------------------------------------------

  /** Makes sure a replay loop runs; the loop sends one action at a time, in order. */
  private kick(): void {
    if (this.disposed) return;
    this.drainRequested = true;
    if (this.draining) return;
    this.draining = true;
    void (async () => {
      try {
        while (this.drainRequested && !this.disposed) {
          this.drainRequested = false;
          while (await this.replayNext()) {
            // next action
          }
        }
      } catch (error) {
        this.report(error);
      } finally {
        this.draining = false;
      }
    })();
  }

  /** Sends the next action; `true` when the loop should go on. */
  private async replayNext(): Promise<boolean> {
    const attempt = await this.serial(() => this.beginAttempt());
    if (!attempt) return false;
    const outcome = await this.execute(attempt);
    return this.serial(() => this.finishAttempt(attempt, outcome));
  }

  private async beginAttempt(): Promise<Attempt | null> {
    const session = this.session;
    if (!session || !session.leader || !this.online || session.retryTimer !== undefined || this.disposed) return null;
    if (!this.inScope(session)) return null;
    for (let next = nextToReplay(this.actions); next; next = nextToReplay(this.actions)) {
      const handler = this.handlers.get(next.type);
      if (!handler) {
        await this.fail(session, next, unknownTypeError(next.type));
        continue;
      }
      const id = next.id;
      const sending: OfflineAction = { ...next, status: 'syncing', attempts: next.attempts + 1 };
      await this.write(session, (queue) => queue.map((a) => (a.id === id ? sending : a)));
      if (this.session !== session) return null;
      const action = this.find(id);
      if (!action) continue; // another tab removed it meanwhile
      session.tab.notifyChange();
      session.inFlight = new AbortController();
      return { session, action, handler, controller: session.inFlight };
    }
    return null;
  }

  /** Runs the handler; settles early on timeout or when the session ends, whatever the handler does. */
  private async execute({ session, action, handler, controller }: Attempt): Promise<Outcome> {
    if (this.session !== session) return { ok: false, error: controller.signal.reason }; // disposed meanwhile
    const limit = this.options.attemptTimeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stopped = new Promise<never>((_, reject) => {
      const abort = () => reject(controller.signal.reason);
      controller.signal.addEventListener('abort', abort, { once: true });
      if (limit > 0) {
        timer = setTimeout(() => controller.abort(new DOMException(`the attempt took longer than ${limit} ms`, 'TimeoutError')), limit);
      }
    });
    try {
      const context = { idempotencyKey: action.id, attempt: action.attempts, signal: controller.signal };
      const result = await Promise.race([Promise.resolve().then(() => handler.execute(action.payload, context)), stopped]);
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error };
    } finally {
      clearTimeout(timer);
    }
  }

  private async finishAttempt({ session, action, handler, controller }: Attempt, outcome: Outcome): Promise<boolean> {
    if (session.inFlight === controller) session.inFlight = undefined;
    // Ended or switched user: the action stays "syncing" in its own scope and is replayed (same key) later.
    if (this.session !== session || !this.inScope(session)) return false;
    const current = this.find(action.id);
    if (!current) return true; // cleared meanwhile
    if (outcome.ok) {
      await this.succeed(session, current, handler, outcome.result);
      return true;
    }
    const verdict = (this.options.classifyError ?? ((e: unknown) => classifyOfflineError(e, this.now())))(outcome.error);
    if (verdict.kind === 'permanent' || current.attempts >= (this.options.maxAttempts ?? Infinity)) {
      await this.fail(session, current, outcome.error);
      return true;
    }
    await this.write(session, (queue) => queue.map((a) => (a.id === current.id ? { ...a, status: 'pending' } : a)));
    session.tab.notifyChange();
    if (this.session !== session) return false;
    const delay = verdict.retryAfterMs ?? (this.options.backoff ?? exponentialBackoff())(current.attempts - 1, outcome.error);
    session.retryTimer = setTimeout(() => {
      session.retryTimer = undefined;
      this.kick();
    }, delay);
    return false;
  }

  private async succeed(session: Session, action: OfflineAction, handler: OfflineActionHandler, result: unknown): Promise<void> {
    const remaps: EntityRemap[] = [];
    const creation = handler.createsEntity;
    const tempId = action.tempIds?.[0];
    if (creation && tempId !== undefined) {
      try {
        const remap = { entityType: creation.entityType, tempId, serverId: creation.serverId(result) };
        this.remap(session, remap);
        remaps.push(remap);
      } catch (error) {
        this.report(error);
      }
    }
    this.lastSyncedAt = this.now();
    // Remapped in the cache first, then the layer is committed (inside write, as the action leaves).
    await this.write(session, (queue) =>
      remaps.reduce(remapQueue, queue.filter((a) => a.id !== action.id)),
    );
    session.tab.notifyChange({ remaps });
  }

  private async fail(session: Session, action: OfflineAction, error: unknown): Promise<void> {
    const failed: OfflineAction = { ...action, status: 'failed', error: toOfflineActionError(error) };
    await this.write(session, (queue) => queue.map((a) => (a.id === action.id ? failed : a)));
    session.tab.notifyChange();
  }

  private async changeFailed(id: string, change: (action: OfflineAction) => QueueChange): Promise<boolean> {
    const changed = await this.serial(async () => {
      const session = this.session;
      const action = this.find(id);
      if (!session || action?.status !== 'failed') return false;
      await this.write(session, change(action));
      session.tab.notifyChange();
      return true;
    });
    this.kick();
    return changed;
  }

  /** Records a temp id -> server id remap and applies it to the cache. */
  private remap(session: Session, remap: EntityRemap): void {
    session.remaps.set(remap.tempId, remap);
    try {
      this.options.bridge.remapEntityId(remap.entityType, remap.tempId, remap.serverId);
    } catch (error) {
      this.report(error);
    }
  }

  // --- storage and layers ---------------------------------------------------------------------

  /**
   * The one way state changes: applies `change` in memory and to storage (atomically, over what
   * other tabs stored), then lines the optimistic layers up with the result and emits. When
   * storage fails, the change is kept in memory; saving is retried with backoff and with the next
   * write. Only the first refusal in a row is reported.
   */
  private async write(session: Session, change: QueueChange, overrides?: ReadonlyMap<string, OptimisticChange>): Promise<void> {
    const before = this.actions;
    const expected = change(before);
    this.actions = expected;
    try {
      const stored = await this.storage.update(session.scope, (queue) => change(overlay(queue, session.dirty)));
      if (this.session !== session) return;
      session.dirty.clear();
      if (this.parked.size === 0) this.saveFailures = 0;
      this.reportQuarantine(session.scope, stored.quarantined);
      // Gone from storage while we still expected it: another tab synced it.
      if (expected.some((a) => a.status !== 'failed' && !stored.actions.some((s) => s.id === a.id))) this.lastSyncedAt = this.now();
      this.actions = keepIdentity(expected, stored.actions);
    } catch (error) {
      if (this.session !== session) return;
      recordDirty(session.dirty, before, expected);
      if (this.saveFailures++ === 0) this.report(toStorageError(error, `saving the offline queue of "${session.scope}"`));
      this.retrySave();
    }
    this.publish(overrides);
  }

  /** Saves what storage refused once more, after a backoff delay, unless a write does it first. */
  private retrySave(): void {
    if (this.saveTimer !== undefined || this.disposed) return;
    const delay = (this.options.backoff ?? exponentialBackoff())(Math.max(0, this.saveFailures - 1), undefined);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.background(() => this.saveUnsaved());
    }, delay);
  }

  /** Writes what only memory holds: the current user's changes, and those parked for users who left. */
  private async saveUnsaved(): Promise<void> {
    const session = this.session;
    if (session?.dirty.size) await this.write(session, keep);
    for (const [scope, dirty] of [...this.parked]) {
      try {
        await this.storage.update(scope, (queue) => overlay(queue, dirty));
        if (this.parked.get(scope) === dirty) this.parked.delete(scope);
      } catch {
        this.saveFailures++;
        this.retrySave();
      }
    }
    if (!session?.dirty.size && this.parked.size === 0) this.saveFailures = 0;
    this.emit();
  }

  /** Lines the optimistic layers up with the queue, then emits. */
  private publish(overrides?: ReadonlyMap<string, OptimisticChange>): void {
    this.layers.sync(this.actions, this.handlers, overrides);
    this.emit();
  }

  private emit(): void {
    let unsaved = this.session?.dirty.size ?? 0;
    for (const dirty of this.parked.values()) unsaved += dirty.size;
    this.state.next({ actions: this.actions, lastSyncedAt: this.lastSyncedAt, unsaved });
  }

  // --- helpers --------------------------------------------------------------------------------

  /** The scope still is the session's; if not, switch (the old scope's actions are not sent). */
  private inScope(session: Session): boolean {
    if (this.options.scope() === session.scope) return true;
    this.refreshScope().catch((error) => this.report(error));
    return false;
  }

  private find(id: string): OfflineAction | undefined {
    return this.actions.find((a) => a.id === id);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private select(pick: (actions: readonly OfflineAction[]) => readonly OfflineAction[]): Observable<readonly OfflineAction[]> {
    return this.state.pipe(
      map((state) => pick(state.actions)),
      distinctUntilChanged((a, b) => a.length === b.length && a.every((action, i) => action === b[i])),
    );
  }

  /** Runs tasks that touch the queue one after another, so no two interleave. */
  private serial<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private background(task: () => Promise<void>): void {
    this.serial(task).then(
      () => this.kick(),
      (error) => this.report(error),
    );
  }

  private report(error: unknown): void {
    this.errors.next(
      error instanceof CacheHubError
        ? error
        : new CacheHubError(304 satisfies CacheHubErrorCode.ActionFailed, `the offline queue hit an unexpected error: ${String(error)}. See the cause.`, { cause: error }),
    );
  }

  private reportQuarantine(scope: string, records: readonly QuarantinedRecord[]): void {
    if (!records.length) return;
    const reasons = [...new Set(records.map((r) => r.reason))].join('; ');
    this.errors.next(
      new CacheHubError(
        302 satisfies CacheHubErrorCode.CorruptStoredQueue,
        `${records.length} stored offline record(s) of scope "${scope}" were invalid (${reasons}) and were quarantined; they will not be replayed. Inspect them with storage.quarantined(scope).`,
        { cause: records },
      ),
    );
  }
}

const keep: QueueChange = (queue) => queue;

function defaultId(): string {
  return crypto.randomUUID();
}

function disposedError(): CacheHubError {
  return new CacheHubError(105 satisfies CacheHubErrorCode.HubDestroyed, 'the offline queue was disposed. Create a new one.');
}

function unknownTypeError(type: string): CacheHubError {
  return new CacheHubError(
    300 satisfies CacheHubErrorCode.UnknownActionType,
    `no handler is registered for the offline action type "${type}". Register one with withOfflineSync({ handlers }) or register().`,
  );
}

/** The first action to send: the oldest not failed, unless a blocking failed action comes first. */
function nextToReplay(actions: readonly OfflineAction[]): OfflineAction | undefined {
  for (const action of actions) {
    if (action.status !== 'failed') return action;
    if (action.blocking) return undefined;
  }
  return undefined;
}

function remapQueue(queue: readonly OfflineAction[], remap: EntityRemap): readonly OfflineAction[] {
  return queue.map((action) => {
    const payload = replaceTempId(action.payload, remap.tempId, remap.serverId);
    return payload === action.payload ? action : { ...action, payload };
  });
}

/** `next` with every action equal to one in `previous` replaced by that one, so unchanged lists compare equal. */
function keepIdentity(previous: readonly OfflineAction[], next: readonly OfflineAction[]): readonly OfflineAction[] {
  const byId = new Map(previous.map((a) => [a.id, a]));
  return next.map((action) => {
    const known = byId.get(action.id);
    return known && (known === action || JSON.stringify(known) === JSON.stringify(action)) ? known : action;
  });
}

/** `stored` with the in-memory changes storage has not taken yet laid over it. */
function overlay(stored: readonly OfflineAction[], dirty: ReadonlyMap<string, OfflineAction | null>): readonly OfflineAction[] {
  if (!dirty.size) return stored;
  const result: OfflineAction[] = [];
  for (const action of stored) {
    const mine = dirty.get(action.id);
    if (mine !== null) result.push(mine ?? action);
  }
  const storedIds = new Set(stored.map((a) => a.id));
  for (const [id, action] of dirty) if (action && !storedIds.has(id)) result.push(action);
  return result;
}

/** Notes what a failed write changed, so the next write stores it. */
function recordDirty(dirty: Map<string, OfflineAction | null>, before: readonly OfflineAction[], after: readonly OfflineAction[]): void {
  const afterById = new Map(after.map((a) => [a.id, a]));
  for (const action of before) if (!afterById.has(action.id)) dirty.set(action.id, null);
  const beforeById = new Map(before.map((a) => [a.id, a]));
  for (const action of after) if (beforeById.get(action.id) !== action) dirty.set(action.id, action);
}
