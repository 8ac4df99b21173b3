import { EMPTY, Subscription, distinctUntilChanged, interval, switchMap } from 'rxjs';
import { exponentialBackoff } from '../hub/retry-delay';
import { classifyAttemptError, retryDelayOf } from './classify-offline-error';
import type { DurableQueueStore } from './durable-queue-store';
import { OfflineAction, orderOf, toOfflineActionError } from './offline-action';
import type { OfflineActionHandler } from './offline-action-handler';
import { AttemptOutcome, OfflineAttempt, runOfflineAttempt } from './run-offline-attempt';
import type { OfflineQueueOptions } from './offline-queue-options';
import type { QueueChange } from './offline-queue-storage';
import { invalidServerIdError, unknownTypeError } from './queue-errors';
import { actionsOf, remapKey, remapPayload, remapsOf, withRemapRecord } from './remap-records';
import type { SerialRunner } from './serial-runner';
import type { EntityRemap, QueueChangeNotice, TabSession } from './tab-coordinator';
import { signedInScope } from './signed-in-scope';

declare const ngDevMode: boolean | undefined;

/** What a session needs from its queue. */
export interface QueueSessionHost {
  readonly options: OfflineQueueOptions;
  readonly handlers: ReadonlyMap<string, OfflineActionHandler>;
  readonly serial: SerialRunner;
  /** `session` is still the queue's current one (not ended, not destroyed). */
  isCurrent(session: QueueSession): boolean;
  /** Online and not paused. */
  canSend(): boolean;
  /** Lines the optimistic layers up with the session's actions and emits. */
  publish(): void;
  /** Applies a remap to the cache. */
  remapInCache(remap: EntityRemap): void;
  /** An action synced (here or, as far as this tab can tell, in another tab). */
  synced(): void;
  /** `scope()` no longer returns the session's user: switch. */
  scopeChanged(): void;
  kick(): void;
  report(error: unknown): void;
  now(): number;
}

/**
 * The queue of one user while that user is the current one in this tab: follows the other tabs'
 * changes, and, while this tab leads, sends the actions one at a time in storage order, each only
 * after storage was read (nothing stored earlier can be missed) and only while that user is
 * signed in.
 */
export class QueueSession {
  /** This tab replays the user's queue. */
  leader = false;
  private inFlight?: AbortController;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private readonly subscription = new Subscription();
  /** Remaps this session applied to the cache, by `remapKey` (a temp id may be reused by a later create). */
  private readonly remaps = new Map<string, EntityRemap>();

  constructor(
    readonly tab: TabSession,
    readonly store: DurableQueueStore,
    private readonly host: QueueSessionHost,
  ) {}

  get scope(): string {
    return this.store.scope;
  }

  /** The user's actions, in replay order, without remap records. */
  get actions(): readonly OfflineAction[] {
    return actionsOf(this.store.records);
  }

  /** Loads the queue (saving changes parked while storage refused them), then follows the other tabs. */
  async open(): Promise<void> {
    await this.store.sync();
    for (const remap of remapsOf(this.store.records)) this.remaps.set(remapKey(remap), remap); // the cache was built after these
    const background = (task: () => Promise<void>) =>
      this.host.serial.run(task).then(
        () => this.host.kick(),
        (e) => this.host.report(e),
      );
    this.subscription.add(this.tab.changes$.subscribe((notice) => background(() => this.onRemoteChange(notice))));
    const leader$ = this.tab.leader$.pipe(distinctUntilChanged());
    this.subscription.add(
      leader$.subscribe((leader) => {
        this.leader = leader;
        if (leader) background(() => this.takeOver());
      }),
    );
    // The leader also looks at storage now and then: what another tab saved is sent even when its notice was lost.
    const pollMs = this.host.options.storagePollMs ?? 10_000;
    this.subscription.add(leader$.pipe(switchMap((leader) => (leader && pollMs > 0 ? interval(pollMs) : EMPTY))).subscribe(() => background(() => this.onRemoteChange({}))));
  }

  /** Stops: the attempt in flight is aborted, no retry is left waiting, leadership is given up. */
  close(): void {
    this.subscription.unsubscribe();
    this.tab.close();
    this.inFlight?.abort(new DOMException(typeof ngDevMode === 'undefined' || ngDevMode ? 'the offline queue stopped replaying this user scope' : '', 'AbortError'));
    this.cancelRetryWait();
  }

  /** Drops a backoff wait (back online, or the queue was cleared). */
  cancelRetryWait(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Aborts the attempt in flight (the user's queue is being cleared). */
  abortInFlight(): void {
    this.inFlight?.abort(new DOMException(typeof ngDevMode === 'undefined' || ngDevMode ? 'the offline queue of this user scope was cleared' : '', 'AbortError'));
  }

  /** Storage (or this tab's view of it) changed: apply new remaps to the cache, then show the queue. */
  refresh(): void {
    for (const remap of remapsOf(this.store.records)) this.learn(remap);
    this.host.publish();
  }

  /** Sends the next action; `true` when the replay loop should go on. */
  async replayNext(): Promise<boolean> {
    const attempt = await this.host.serial.run(() => this.begin());
    if (!attempt) return false;
    const outcome = await runOfflineAttempt(attempt, () => this.mayReplay(), this.host.options.attemptTimeoutMs ?? 30_000);
    return this.host.serial.run(() => this.finish(attempt, outcome));
  }

  private mayReplay(): boolean {
    if (!this.host.isCurrent(this) || !this.leader || !this.host.canSend() || this.retryTimer !== undefined || !this.store.readable) return false;
    if (signedInScope(this.host.options) === this.scope) return true;
    this.host.scopeChanged();
    return false;
  }

  private async onRemoteChange(notice: QueueChangeNotice): Promise<void> {
    if (!this.host.isCurrent(this)) return;
    for (const remap of notice.remaps ?? []) this.learn(remap);
    await this.store.sync();
    if (this.host.isCurrent(this)) this.refresh();
  }

  /** This tab now replays: catch up with storage; what a vanished leader left "syncing" is pending again. */
  private async takeOver(): Promise<void> {
    if (!this.host.isCurrent(this) || !this.leader) return;
    await this.store.sync();
    const orphaned = (a: OfflineAction) => a.status === 'syncing' && !this.inFlight;
    if (this.host.isCurrent(this) && this.actions.some(orphaned)) await this.store.write((queue) => queue.map((a) => (orphaned(a) ? { ...a, status: 'pending' } : a)));
    if (this.host.isCurrent(this)) this.refresh();
  }

  private async begin(): Promise<OfflineAttempt | null> {
    while (this.mayReplay()) {
      const next = nextToReplay(this.actions);
      if (!next) return null;
      if (!this.host.handlers.has(next.type)) {
        await this.fail(next, unknownTypeError(next.type));
        continue;
      }
      // Choose over what storage holds now: another tab may have stored an earlier action.
      let marked: OfflineAction | undefined;
      await this.store.write((queue) => {
        const first = nextToReplay(actionsOf(queue));
        const sending = first && { ...first, status: 'syncing' as const, attempts: first.attempts + 1 };
        marked = sending;
        return sending ? queue.map((a) => (a.id === sending.id ? sending : a)) : queue;
      });
      if (!this.mayReplay()) return marked ? this.uncount(marked) : null;
      const action = nextToReplay(this.actions);
      if (!action || action.id !== marked?.id) continue; // storage showed an earlier action: mark that one
      // Storage may have shown another first action than this tab's view did (another tab sent one): its own handler.
      const handler = this.host.handlers.get(action.type);
      if (!handler) continue; // the next round fails it
      this.refresh();
      const remaps = [...remapsOf(this.store.records), ...this.remaps.values()];
      this.inFlight = new AbortController();
      return { action: { ...action, payload: remapPayload(action, remaps, this.store.records) }, handler, controller: this.inFlight };
    }
    return null;
  }

  private async finish({ action, handler, controller }: OfflineAttempt, outcome: AttemptOutcome): Promise<boolean> {
    if (this.inFlight === controller) this.inFlight = undefined;
    if (outcome.kind === 'not-started') return this.uncount(action).then(() => false);
    // Ended or switched: the action stays "syncing" in its own queue and goes again (same key) later.
    if (!this.mayReplayAfter()) return false;
    const current = this.actions.find((a) => a.id === action.id);
    if (!current) return true; // cleared meanwhile
    if (outcome.kind === 'ok') {
      await this.succeed(current, handler, outcome.result);
      return true;
    }
    const { options } = this.host;
    const verdict = classifyAttemptError(options.classifyError, outcome.error, this.host.now());
    if (verdict.kind === 'permanent' || current.attempts >= (options.maxAttempts ?? Infinity)) {
      await this.fail(current, outcome.error);
      return true;
    }
    await this.change((queue) => queue.map((a) => (a.id === current.id ? { ...a, status: 'pending' } : a)));
    if (!this.host.isCurrent(this)) return false;
    const wanted = verdict.retryAfterMs ?? (options.backoff ?? exponentialBackoff())(current.attempts - 1, outcome.error);
    const delay = retryDelayOf(wanted);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.host.kick();
    }, delay);
    return false;
  }

  /** After an attempt: still the current session, with its user signed in. */
  private mayReplayAfter(): boolean {
    if (!this.host.isCurrent(this)) return false;
    if (signedInScope(this.host.options) === this.scope) return true;
    this.host.scopeChanged();
    return false;
  }

  /** `marked` was counted as an attempt that then never started: it does not count, and is pending again. */
  private async uncount(marked: OfflineAction): Promise<null> {
    const counted = (a: OfflineAction) => a.id === marked.id && a.status === 'syncing' && a.attempts === marked.attempts;
    await this.store.write((queue) => queue.map((a) => (counted(a) ? { ...a, status: 'pending', attempts: a.attempts - 1 } : a)));
    if (this.host.isCurrent(this)) this.refresh();
    return null;
  }

  private async succeed(action: OfflineAction, handler: OfflineActionHandler, result: unknown): Promise<void> {
    const creation = handler.createsEntity;
    const tempId = action.tempIds?.[0];
    let remap: EntityRemap | undefined;
    if (creation && tempId !== undefined) {
      try {
        const serverId: unknown = creation.serverId(result);
        const valid = (typeof serverId === 'string' && serverId !== '') || (typeof serverId === 'number' && Number.isFinite(serverId));
        if (!valid || serverId === tempId) throw invalidServerIdError(action.type, serverId);
        remap = { entityType: creation.entityType, tempId, serverId, since: orderOf(action) };
        this.learn(remap);
      } catch (error) {
        this.host.report(error);
      }
    }
    this.host.synced();
    // One write: the create leaves the queue as its remap enters it, so no tab can miss both.
    const now = this.host.now();
    const found = remap;
    await this.change(
      (queue) => {
        const rest = queue.filter((a) => a.id !== action.id);
        return found ? withRemapRecord(rest, found, this.scope, now) : rest;
      },
      found ? { remaps: [found] } : undefined,
    );
  }

  private async fail(action: OfflineAction, error: unknown): Promise<void> {
    const failed: OfflineAction = { ...action, status: 'failed', error: toOfflineActionError(error) };
    await this.change((queue) => queue.map((a) => (a.id === action.id ? failed : a)));
  }

  private async change(change: QueueChange, notice?: QueueChangeNotice): Promise<void> {
    await this.store.write(change, notice);
    if (this.host.isCurrent(this)) this.refresh();
  }

  /** Applies a remap to the cache once. */
  private learn(remap: EntityRemap): void {
    if (this.remaps.has(remapKey(remap))) return;
    this.remaps.set(remapKey(remap), remap);
    this.host.remapInCache(remap);
  }
}

/** The first action to send: the oldest not failed, unless a blocking failed action comes first. */
function nextToReplay(actions: readonly OfflineAction[]): OfflineAction | undefined {
  for (const action of actions) {
    if (action.status !== 'failed') return action;
    if (action.blocking) return undefined;
  }
  return undefined;
}
