import type { CacheHub } from '../core/cache-hub';
import { CacheHubError, CacheHubErrorCode } from '../core/cache-hub-error';
import type { EntityEvent } from '../core/entity/entity-event';
import { listKey } from '../core/entity/entity-key';
import type { EntityStore } from '../core/entity/entity-store';
import type { BatcherStats } from './batcher-stats';
import { BatchingOptions, resolveBatchingOptions, ResolvedBatchingOptions } from './batching-options';
import { FlushStep, planFlush } from './flush-plan';

type Counters = { -readonly [K in keyof Omit<BatcherStats, 'pending'>]: number };

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
  private flushing = false;
  private readonly changedKeys = new Set<string>();
  private readonly counters: Counters = {
    framesIn: 0,
    flushes: 0,
    coalesced: 0,
    cancelled: 0,
    listInvalidations: 0,
    applied: 0,
    entriesChanged: 0,
  };
  private readonly detach: () => void;

  constructor(
    private readonly hub: CacheHub,
    private readonly store: EntityStore,
    options: BatchingOptions = {},
  ) {
    this.options = resolveBatchingOptions(options);
    this.detach = hub.registerPlugin({
      beforeWrite: (value, { key, previous }) => {
        if (this.flushing && value !== previous) this.changedKeys.add(key);
        return value;
      },
    });
  }

  /** Buffers one event; flushes at once when the buffer reaches `maxBatch`. */
  push(event: EntityEvent): void {
    if (this.destroyed) {
      throw new CacheHubError(CacheHubErrorCode.HubDestroyed, 'An event was pushed to a destroyed update batcher. Stop the transport before destroying it');
    }
    this.counters.framesIn++;
    const now = this.options.scheduler.now();
    if (this.buffer.length === 0) this.firstBufferedAt = now;
    this.lastBufferedAt = now;
    this.buffer.push(event);
    if (this.buffer.length >= this.options.maxBatch) this.flush();
    else if (!this.cancelTimer) this.arm(Math.min(this.options.debounceMs, this.options.maxWaitMs));
  }

  /** Applies every buffered event now, in one hub transaction. */
  flush(): void {
    this.disarm();
    if (this.buffer.length === 0) return;
    const events = this.buffer;
    this.buffer = [];
    const plan = planFlush(events, this.store, this.options.invalidateListsAbove);
    this.counters.flushes++;
    this.counters.coalesced += plan.coalesced;
    this.counters.cancelled += plan.cancelled;
    this.counters.listInvalidations += plan.listInvalidations;
    const failures: { error: unknown; event: EntityEvent }[] = [];
    const wasFlushing = this.flushing;
    this.flushing = true;
    try {
      this.hub.transaction(() => {
        for (const step of plan.steps) this.run(step, failures);
      });
    } finally {
      this.flushing = wasFlushing;
      this.counters.entriesChanged += this.changedKeys.size;
      this.changedKeys.clear();
    }
    this.report(failures);
  }

  /** The counters so far. */
  stats(): BatcherStats {
    return { ...this.counters, pending: this.buffer.length };
  }

  /** Cancels the pending flush, drops buffered events and detaches from the hub; call {@link flush} first to keep them. */
  destroy(): void {
    this.disarm();
    this.buffer = [];
    if (!this.destroyed) this.detach();
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

  private run(step: FlushStep, failures: { error: unknown; event: EntityEvent }[]): void {
    if (step.kind === 'update') {
      for (const update of step.update.toUpdates()) {
        this.counters.applied++;
        try {
          this.store.applyUpdate(update);
        } catch (error) {
          failures.push({ error, event: { type: 'ENTITY_UPDATED', data: update } });
        }
      }
      return;
    }
    this.counters.applied++;
    if (step.kind === 'invalidate-lists') {
      this.hub.invalidate(new RegExp(`^${escapeRegExp(listKey(step.entityType, ''))}`));
      return;
    }
    try {
      this.store.apply(step.event);
    } catch (error) {
      failures.push({ error, event: step.event });
    }
  }

  private report(failures: readonly { error: unknown; event: EntityEvent }[]): void {
    const onError = this.options.onError;
    if (onError) failures.forEach(({ error, event }) => onError(error, event));
    else if (failures.length > 0) throw failures[0].error;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
