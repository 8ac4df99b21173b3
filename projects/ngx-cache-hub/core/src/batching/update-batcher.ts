import { type CacheHub } from '../hub/cache-hub';
import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { type EntityEvent } from '../entity/entity-event';
import { type EntityStore, type EntityUpdate } from '../entity/entity-store';
import { listKey } from '../entity/entity-key';
import type { BatcherStats } from './batcher-stats';
import { BatchingOptions, resolveBatchingOptions, ResolvedBatchingOptions } from './batching-options';
import type { CoalescedUpdate } from './coalesced-update';
import { FlushStep, planFlush, type RepeatedCreate } from './flush-plan';

declare const ngDevMode: boolean | undefined;

type Counters = { -readonly [K in keyof Omit<BatcherStats, 'pending'>]: number };
type Failure = { readonly error: unknown; readonly event: EntityEvent };

/**
 * Buffers entity events between the transport and the store and applies them in flushes.
 *
 * A flush runs when no event came for `debounceMs`, `maxWaitMs` after the first buffered event
 * (so a continuous stream never starves it), as soon as `maxBatch` events are buffered, or when
 * {@link flush} is called. It applies the buffer in one hub transaction: every observed key is
 * notified at most once per flush, and not at all when its value did not change. Updates of one
 * entity are coalesced; the end state equals applying every event in order (see `planFlush`).
 *
 * @example
 * const batcher = new UpdateBatcher(hub, store, { maxWaitMs: 50 });
 * socket.onmessage = (message) => batcher.push(JSON.parse(message.data));
 */
export class UpdateBatcher {
  private readonly options: ResolvedBatchingOptions;
  private buffer: EntityEvent[] = [];
  private firstBufferedAt = 0;
  private lastBufferedAt = 0;
  private cancelTimer: (() => void) | null = null;
  private destroyed = false;
  /** Flushes running (a listener may flush again inside one), and the change counts taken so far. */
  private flushDepth = 0;
  private countedChanges = 0;
  private countedObserved = 0;
  private readonly counters: Counters = {
    framesIn: 0,
    flushes: 0,
    coalesced: 0,
    cancelled: 0,
    listInvalidations: 0,
    applied: 0,
    entriesChanged: 0,
    notificationsOut: 0,
  };

  constructor(
    private readonly hub: CacheHub,
    private readonly store: EntityStore,
    options: BatchingOptions = {},
  ) {
    this.options = resolveBatchingOptions(options);
  }

  /**
   * Buffers one event; flushes at once when the buffer reaches `maxBatch`. An event of the wrong
   * shape (see `EntityStore.check`) is not buffered: it goes to `onError`, or is thrown without one.
   * Frames from a socket should pass `parseServerFrame` first, which also rejects nested
   * prototype keys.
   */
  push(event: EntityEvent): void {
    if (this.destroyed) {
      throw new CacheHubError(
        105 satisfies CacheHubErrorCode.HubDestroyed,
        (typeof ngDevMode === 'undefined' || ngDevMode) && 'An event was pushed to a destroyed update batcher. Stop the transport before destroying it',
      );
    }
    this.counters.framesIn++;
    try {
      this.store.check(event);
    } catch (error) {
      return this.report([{ error, event }]);
    }
    const now = this.options.scheduler.now();
    if (this.buffer.length === 0) this.firstBufferedAt = now;
    this.lastBufferedAt = now;
    this.buffer.push(event);
    if (this.buffer.length >= this.options.maxBatch) this.flush();
    else if (!this.cancelTimer) this.arm(Math.min(this.options.debounceMs, this.options.maxWaitMs));
  }

  /** Applies every buffered event now, in one hub transaction with one copy per touched list. */
  flush(): void {
    this.disarm();
    if (this.buffer.length === 0) return;
    const events = this.buffer;
    this.buffer = [];
    const plan = planFlush(events, this.store, this.options.invalidateListsAbove);
    this.counters.flushes++;
    this.counters.coalesced += plan.coalesced;
    this.counters.listInvalidations += plan.listInvalidations;
    const failures: Failure[] = [];
    const dropped = new Set<CoalescedUpdate | RepeatedCreate>();
    const changes = this.hub.entries().batch;
    if (this.flushDepth++ === 0) {
      // Each flush counts its own changes, also when an outer transaction holds several.
      changes.countFrom();
      this.countedChanges = changes.changed;
      this.countedObserved = changes.changedObserved;
    }
    try {
      this.store.batch(() => {
        for (const step of plan.steps) this.run(step, dropped, failures);
      });
    } finally {
      this.flushDepth--;
      this.counters.entriesChanged += changes.changed - this.countedChanges;
      this.counters.notificationsOut += changes.changedObserved - this.countedObserved;
      this.countedChanges = changes.changed;
      this.countedObserved = changes.changedObserved;
    }
    this.report(failures);
  }

  /** The counters so far. */
  stats(): BatcherStats {
    return { ...this.counters, pending: this.buffer.length };
  }

  /** Cancels the pending flush and drops buffered events; call {@link flush} first to keep them. */
  destroy(): void {
    this.disarm();
    this.buffer = [];
    this.destroyed = true;
  }

  // ---- internals ----

  /** Runs at a quiet period or at the max-wait deadline, whichever comes first; re-arms otherwise. */
  private arm(delayMs: number): void {
    this.cancelTimer = this.options.scheduler.schedule(() => {
      this.cancelTimer = null;
      if (this.buffer.length === 0) return;
      const { debounceMs, maxWaitMs, scheduler } = this.options;
      const due = Math.min(this.lastBufferedAt + debounceMs, this.firstBufferedAt + maxWaitMs);
      const now = scheduler.now();
      if (now >= due) this.flush();
      else this.arm(due - now);
    }, delayMs);
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** Runs one planned step; `dropped` collects the updates and repeats of a short-lived create that was cancelled. */
  private run(step: FlushStep, dropped: Set<CoalescedUpdate | RepeatedCreate>, failures: Failure[]): void {
    switch (step.kind) {
      case 'update':
        if (dropped.size > 0 && dropped.has(step.update)) return;
        if (step.update.single) this.attemptUpdate(step.update.single, failures);
        else this.attemptUpdatesOf(step.update.toUpdates(), failures);
        return;
      case 'short-lived-create':
        if (this.attempt({ type: 'ENTITY_DELETED', data: step.deletion }, failures)) {
          step.dependents.forEach((update) => dropped.add(update));
          step.repeats.forEach((repeat) => dropped.add(repeat));
          this.counters.cancelled += 1 + step.repeats.length + step.dependents.reduce((sum, update) => sum + update.size, 0);
        } else {
          this.attempt(step.create, failures);
        }
        return;
      case 'invalidate-lists':
        this.counters.applied++;
        this.hub.invalidate(new RegExp(`^${escapeRegExp(listKey(step.entityType, ''))}`));
        return;
      case 'moot-update':
        if (this.attempt({ type: 'ENTITY_DELETED', data: step.deletion }, failures)) this.counters.cancelled += step.update.size;
        else this.run({ kind: 'update', update: step.update }, dropped, failures);
        return;
      case 'repeated-create':
        if (!dropped.has(step)) this.attempt(step.event, failures);
        return;
      case 'event':
        this.attempt(step.event, failures);
    }
  }

  /** Hands one event to the store; returns whether it changed anything, recording a rejection as a failure. */
  private attempt(event: EntityEvent, failures: Failure[]): boolean {
    this.counters.applied++;
    try {
      return this.store.apply(event);
    } catch (error) {
      failures.push({ error, event });
      return false;
    }
  }

  /** {@link attempt} for an update, without wrapping it in an event unless it is rejected. */
  private attemptUpdate(update: EntityUpdate, failures: Failure[]): void {
    this.counters.applied++;
    try {
      this.store.applyUpdate(update);
    } catch (error) {
      failures.push({ error, event: { type: 'ENTITY_UPDATED', data: update } });
    }
  }

  /** The versions of one folded update, applied as one change; when that throws, each on its own (versions make a repeat harmless). */
  private attemptUpdatesOf(updates: readonly EntityUpdate[], failures: Failure[]): void {
    try {
      this.store.applyUpdatesOf(updates);
      this.counters.applied += updates.length;
    } catch {
      for (const update of updates) this.attemptUpdate(update, failures);
    }
  }

  private report(failures: readonly Failure[]): void {
    const onError = this.options.onError;
    if (onError) failures.forEach(({ error, event }) => onError(error, event));
    else if (failures.length > 0) throw failures[0].error;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
