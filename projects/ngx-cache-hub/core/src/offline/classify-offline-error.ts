import { isIdempotencyKeyInProgress } from './is-idempotency-key-in-progress';
import { readHeader } from './read-header';
import { isPermanentError } from './offline-permanent-error';

/** The queue's reading of a failed attempt: retry later (keeping the order) or give up. */
export type OfflineErrorClassification =
  { readonly kind: 'transient'; /** From a `Retry-After` header: wait exactly this long. */ readonly retryAfterMs?: number } | { readonly kind: 'permanent' };

const TRANSIENT_4XX = new Set([408, 425, 429]);

/**
 * The default classification. Transient: network failures (status 0, `TypeError`), timeouts and
 * aborts, 408/425/429, a 409 saying the idempotency key is still in progress (see
 * `isIdempotencyKeyInProgress`), 5xx, and anything unrecognised (an edit is never dropped on a
 * guess). Permanent: other 4xx (a 409 without those signs is a real conflict) and errors marked
 * with `permanentError()`. `Retry-After` (seconds or an HTTP date) is read from `headers.get()` or
 * a plain `headers` object.
 *
 * @example
 * new OfflineQueue({ ..., classifyError: (e) => (isConflict(e) ? { kind: 'permanent' } : classifyOfflineError(e)) });
 */
export function classifyOfflineError(error: unknown, now: number = Date.now()): OfflineErrorClassification {
  if (isPermanentError(error)) return { kind: 'permanent' };
  const status = readStatus(error);
  if (status !== undefined && status >= 400 && status < 500 && !TRANSIENT_4XX.has(status) && !keyInProgressOrUnreadable(error)) {
    return { kind: 'permanent' };
  }
  const retryAfterMs = readRetryAfterMs(error, now);
  return retryAfterMs === undefined ? { kind: 'transient' } : { kind: 'transient', retryAfterMs };
}

/** Whether a 4xx says its key is in progress, or has headers that throw when read (so nobody can tell: not taken for a refusal). */
function keyInProgressOrUnreadable(error: unknown): boolean {
  if (isIdempotencyKeyInProgress(error)) return true;
  const headers = (error as { headers?: { get?: unknown } }).headers;
  if (typeof headers?.get !== 'function') return false;
  try {
    headers.get.call(headers, 'retry-after');
    return false;
  } catch {
    return true;
  }
}

function readStatus(error: unknown): number | undefined {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

function readRetryAfterMs(error: unknown, now: number): number | undefined {
  const headers = typeof error === 'object' && error !== null ? (error as { headers?: unknown }).headers : undefined;
  const value = readHeader(headers, 'retry-after');
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The longest wait before a retry, 1 hour: a longer `Retry-After` or backoff (a 30-day header, a timer past its 24.8-day limit that would fire at once) waits this long. */
const MAX_RETRY_DELAY_MS = 3_600_000;

/** A retry wait the timer can keep: a finite number of ms from 0 to 1 hour. */
export function retryDelayOf(ms: number): number {
  return Math.min(Math.max(0, Number(ms) || 0), MAX_RETRY_DELAY_MS);
}

/** `custom` (or the default) classification of a failed attempt; one that throws or answers something else than a classification counts as transient, so the action is retried, never stuck. */
export function classifyAttemptError(custom: ((error: unknown) => OfflineErrorClassification) | undefined, error: unknown, now: number): OfflineErrorClassification {
  try {
    const classified: unknown = custom ? custom(error) : classifyOfflineError(error, now);
    const kind = typeof classified === 'object' && classified !== null ? (classified as { kind?: unknown }).kind : undefined;
    return kind === 'permanent' || kind === 'transient' ? (classified as OfflineErrorClassification) : { kind: 'transient' };
  } catch {
    return { kind: 'transient' };
  }
}
