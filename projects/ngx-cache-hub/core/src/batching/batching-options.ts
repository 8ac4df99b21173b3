import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { type EntityEvent } from '../entity/entity-event';
import { describe } from '../hub/cache-key';
import type { BatchScheduler } from './batch-scheduler';
import { timerScheduler } from './timer-scheduler';

declare const ngDevMode: boolean | undefined;

/** Options of the update batcher (`withBatching(...)` in Angular apps), all optional. */
export interface BatchingOptions {
  /** Flush once no event arrived for this long (ms). Default 16, about one frame. */
  debounceMs?: number;
  /**
   * Flush at the latest this long (ms) after the first buffered event, even while events keep
   * coming: a continuous stream never starves the UI. Default 100.
   */
  maxWaitMs?: number;
  /** Flush at once when this many events are buffered, bounding memory and flush cost. Default 5 000. */
  maxBatch?: number;
  /**
   * When a flush may run after its delay. Default {@link timerScheduler} (`setTimeout`);
   * {@link frameScheduler} flushes right before a paint. Tests may pass their own.
   */
  scheduler?: BatchScheduler;
  /**
   * Above this many creates of one entity type in a flush, the type's lists are invalidated once
   * (observed ones refetch, unobserved ones are dropped) instead of rebuilding each list per create.
   * Default 10; `Infinity` always inserts.
   */
  invalidateListsAbove?: number;
  /**
   * Receives each event the store rejected (for example a create without a version); the rest of
   * the flush is applied. Default: the first such error is thrown once the flush is done.
   */
  onError?: (error: unknown, event: EntityEvent) => void;
}

/** The batcher's options with every default filled in. */
export interface ResolvedBatchingOptions {
  readonly debounceMs: number;
  readonly maxWaitMs: number;
  readonly maxBatch: number;
  readonly scheduler: BatchScheduler;
  readonly invalidateListsAbove: number;
  readonly onError: ((error: unknown, event: EntityEvent) => void) | undefined;
}

/** Fills defaults and rejects invalid values with `InvalidOption`. */
export function resolveBatchingOptions(options: BatchingOptions = {}): ResolvedBatchingOptions {
  const resolved: ResolvedBatchingOptions = {
    debounceMs: options.debounceMs ?? 16,
    maxWaitMs: options.maxWaitMs ?? 100,
    maxBatch: options.maxBatch ?? 5000,
    scheduler: options.scheduler ?? timerScheduler(),
    invalidateListsAbove: options.invalidateListsAbove ?? 10,
    onError: options.onError,
  };
  requireNumber('debounceMs', resolved.debounceMs, 0, true);
  requireNumber('maxWaitMs', resolved.maxWaitMs, 0, true);
  requireNumber('maxBatch', resolved.maxBatch, 1, false);
  requireNumber('invalidateListsAbove', resolved.invalidateListsAbove, 0, false);
  if (typeof resolved.scheduler?.schedule !== 'function' || typeof resolved.scheduler.now !== 'function') {
    throw new CacheHubError(
      104 satisfies CacheHubErrorCode.InvalidOption,
      (typeof ngDevMode === 'undefined' || ngDevMode) &&
        `Option 'scheduler' must have now() and schedule(callback, delayMs), got ${describe(resolved.scheduler)}. Use timerScheduler() or frameScheduler()`,
    );
  }
  if (resolved.onError !== undefined && typeof resolved.onError !== 'function') {
    throw new CacheHubError(
      104 satisfies CacheHubErrorCode.InvalidOption,
      (typeof ngDevMode === 'undefined' || ngDevMode) && `Option 'onError' must be a function, got ${describe(resolved.onError)}`,
    );
  }
  return resolved;
}

/** Delays must be finite (a flush must come); counts may be Infinity. */
function requireNumber(name: string, value: unknown, min: number, finite: boolean): void {
  const valid = typeof value === 'number' && value >= min && (finite ? Number.isFinite(value) : !Number.isNaN(value));
  if (!valid) {
    throw new CacheHubError(
      104 satisfies CacheHubErrorCode.InvalidOption,
      (typeof ngDevMode === 'undefined' || ngDevMode) && `Option '${name}' must be a ${finite ? 'finite ' : ''}number >= ${min}, got ${describe(value)}`,
    );
  }
}
