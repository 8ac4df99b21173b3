import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';

/** Where an action stands: waiting, being sent by the replaying tab, or given up on (see `failed$`). */
export type OfflineActionStatus = 'pending' | 'syncing' | 'failed';

/** What is kept of a failure: plain data, so it survives storage and a reload. */
export interface OfflineActionError {
  readonly message: string;
  /** HTTP status when the error carried one (`HttpErrorResponse`, `Response`, `{ status }`). */
  readonly status?: number;
  readonly name?: string;
  /** Set when the library itself failed the action (e.g. `UnknownActionType`). */
  readonly code?: CacheHubErrorCode;
}

/**
 * One queued mutation. Stored as plain JSON data under its user scope; `id` is also the
 * idempotency key of every attempt.
 */
export interface OfflineAction<P = unknown> {
  /** Unique id (`crypto.randomUUID()` by default) and the idempotency key sent on every attempt. */
  readonly id: string;
  /** The handler that replays it, as registered. */
  readonly type: string;
  readonly payload: P;
  /** Enqueue time, epoch milliseconds. */
  readonly createdAt: number;
  /**
   * Its place in its user's history, stamped when it is first stored: `createdAt`, raised above
   * the place of every action and temp-id remap its user's queue held then, so a clock set back
   * (a reload, another tab, NTP) never orders it before them. Absent on records of older versions
   * (`createdAt` stands in).
   */
  readonly order?: number;
  /** Attempts made since it was enqueued or last retried. */
  readonly attempts: number;
  readonly status: OfflineActionStatus;
  /** Why it failed, when `status` is `'failed'`. */
  readonly error?: OfflineActionError;
  /** The user scope it belongs to; it is never replayed under another one. */
  readonly scope: string;
  /** Temporary entity ids this action creates, replaced by the server id once it syncs. */
  readonly tempIds?: readonly string[];
  /** When it fails permanently, later actions wait until it is retried or discarded. */
  readonly blocking?: boolean;
}

/** What a new action is made of. */
export interface NewOfflineAction<P> {
  readonly id: string;
  readonly type: string;
  readonly payload: P;
  readonly scope: string;
  readonly createdAt: number;
  readonly tempId?: string;
  readonly blocking?: boolean;
}

/** A new pending action, never attempted. */
export function newOfflineAction<P>({ id, type, payload, scope, createdAt, tempId, blocking }: NewOfflineAction<P>): OfflineAction<P> {
  return { id, type, payload, createdAt, attempts: 0, status: 'pending', scope, ...(tempId !== undefined ? { tempIds: [tempId] } : {}), ...(blocking ? { blocking: true } : {}) };
}

/** Where `action` stands in its user's history (see `OfflineAction.order`). */
export function orderOf(action: OfflineAction): number {
  return action.order ?? action.createdAt;
}

/** Turns whatever a handler threw into the storable error of a failed action. */
export function toOfflineActionError(error: unknown): OfflineActionError {
  if (error instanceof CacheHubError) {
    return { message: error.message, name: error.name, code: error.code };
  }
  const described: { message: string; status?: number; name?: string } = {
    message: readString(error, 'message') ?? String(error),
  };
  const status = readNumber(error, 'status') ?? readNumber(readField(error, 'cause'), 'status');
  if (status !== undefined) described.status = status;
  const name = readString(error, 'name');
  if (name !== undefined) described.name = name;
  return described;
}

function readField(value: unknown, field: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
}

function readString(value: unknown, field: string): string | undefined {
  const read = readField(value, field);
  return typeof read === 'string' ? read : undefined;
}

function readNumber(value: unknown, field: string): number | undefined {
  const read = readField(value, field);
  return typeof read === 'number' && Number.isFinite(read) ? read : undefined;
}
