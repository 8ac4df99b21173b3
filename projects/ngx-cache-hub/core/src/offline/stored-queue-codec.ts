import { findForbiddenOwnKey } from '../hub/forbidden-keys';
import type { OfflineAction, OfflineActionError } from './offline-action';
import { storableQuarantinedRecord } from './json-depth';
import { findPayloadProblem, isPlainRecord } from './json-payload';
import type { QuarantinedRecord, QueueChange } from './offline-queue-storage';
import { isRemapRecord, remapOfRecord } from './remap-records';

const FORMAT = 'ngx-cache-hub/offline-queue';
const VERSION = 1;
const STATUSES = new Set(['pending', 'syncing', 'failed']);
/** The most records (actions and remap records) one user's stored queue, or its quarantine, is read with. */
const MAX_STORED_RECORDS = 100_000;

/** The shape written under a scope's key. */
interface StoredQueueEnvelope {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly scope: string;
  readonly actions: readonly OfflineAction[];
}

/** What an adapter must do after applying a change to the raw record it read. */
export interface QueueUpdatePlan {
  readonly actions: readonly OfflineAction[];
  readonly quarantined: readonly QuarantinedRecord[];
  /** `undefined`: leave the record as is; `null`: delete it; otherwise write this envelope. */
  readonly write: StoredQueueEnvelope | null | undefined;
}

/**
 * The shared core of every adapter's `update`: validates the raw record read under `scope`,
 * applies `change` to the valid actions and says what to write and what to quarantine.
 */
export function planQueueUpdate(scope: string, raw: unknown, change?: QueueChange): QueueUpdatePlan {
  const { actions, quarantined } = decodeStoredQueue(scope, raw);
  const next = change ? change(actions) : actions;
  const changed = quarantined.length > 0 || next.length !== actions.length || next.some((a, i) => a !== actions[i]);
  if (!changed) return { actions, quarantined, write: undefined };
  return { actions: next, quarantined, write: next.length ? { format: FORMAT, version: VERSION, scope, actions: next } : null };
}

/**
 * The quarantine list to write: what was kept under the quarantine key, then `added`. A kept
 * value that is not a list is itself quarantined (first in the new list, and in `reported`), so a
 * corrupt quarantine never makes writes fail.
 */
export function appendToQuarantine(
  scope: string,
  kept: unknown,
  added: readonly QuarantinedRecord[],
): { readonly list: readonly QuarantinedRecord[]; readonly reported: readonly QuarantinedRecord[] } {
  if (kept === undefined || kept === null) return { list: added, reported: added };
  if (Array.isArray(kept) && kept.length <= MAX_STORED_RECORDS) return { list: [...(kept.map(storableQuarantinedRecord) as QuarantinedRecord[]), ...added], reported: added };
  const reason = Array.isArray(kept) ? `the quarantine record held more than ${MAX_STORED_RECORDS} entries` : 'the quarantine record was not a list';
  const corrupt: QuarantinedRecord = { scope, reason, record: storableQuarantinedRecord(kept), quarantinedAt: Date.now() };
  return { list: [corrupt, ...added], reported: [corrupt, ...added] };
}

/**
 * Splits a raw stored record into valid actions of `scope` and quarantined records. Never
 * overflows the stack: a record nested deeper than `MAX_PAYLOAD_DEPTH` is quarantined (cut down).
 */
export function decodeStoredQueue(scope: string, raw: unknown): { actions: OfflineAction[]; quarantined: QuarantinedRecord[] } {
  if (raw === undefined || raw === null) return { actions: [], quarantined: [] };
  const quarantine = (record: unknown, reason: string): QuarantinedRecord => ({ scope, reason, record: storableQuarantinedRecord(record), quarantinedAt: Date.now() });
  if (!isPlainRecord(raw) || raw['format'] !== FORMAT || !Array.isArray(raw['actions'])) {
    return { actions: [], quarantined: [quarantine(raw, 'not an ngx-cache-hub offline queue')] };
  }
  if (raw['version'] !== VERSION) {
    return { actions: [], quarantined: [quarantine(raw, `unsupported queue version ${String(raw['version'])}`)] };
  }
  if (raw['scope'] !== scope) {
    return { actions: [], quarantined: [quarantine(raw, 'the queue belongs to another user scope')] };
  }
  const forbidden = findForbiddenOwnKey(raw);
  if (forbidden) return { actions: [], quarantined: [quarantine(raw, `forbidden key "${forbidden}"`)] };
  // A sparse list's length costs nothing to store: never walk more entries than a queue may hold.
  if ((raw['actions'] as unknown[]).length > MAX_STORED_RECORDS) {
    return { actions: [], quarantined: [quarantine(raw, `the queue holds more than ${MAX_STORED_RECORDS} records`)] };
  }
  const actions: OfflineAction[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const ids = new Set<string>();
  for (const record of raw['actions'] as unknown[]) {
    const reason = findActionProblem(record, scope) ?? (ids.has((record as OfflineAction).id) ? 'duplicate action id' : null);
    if (reason) {
      quarantined.push(quarantine(record, reason));
    } else {
      const action = normalizeAction(record as OfflineAction);
      ids.add(action.id);
      actions.push(action);
    }
  }
  return { actions, quarantined };
}

function findActionProblem(record: unknown, scope: string): string | null {
  if (!isPlainRecord(record)) return 'not an object';
  const forbidden = findForbiddenOwnKey(record);
  if (forbidden) return `forbidden key "${forbidden}"`;
  const { id, type, createdAt, order, attempts, status, scope: recordScope, payload, tempIds, blocking, error } = record;
  if (typeof id !== 'string' || !id) return 'missing id';
  if (typeof type !== 'string' || !type) return 'missing type';
  if (recordScope !== scope) return 'belongs to another user scope';
  if (typeof createdAt !== 'number' || !Number.isFinite(createdAt)) return 'invalid createdAt';
  if (order !== undefined && (typeof order !== 'number' || !Number.isFinite(order))) return 'invalid order';
  if (typeof attempts !== 'number' || !Number.isInteger(attempts) || attempts < 0) return 'invalid attempts';
  if (typeof status !== 'string' || !STATUSES.has(status)) return 'invalid status';
  if (blocking !== undefined && typeof blocking !== 'boolean') return 'invalid blocking flag';
  if (tempIds !== undefined && !(Array.isArray(tempIds) && tempIds.every((t) => typeof t === 'string' && t !== ''))) return 'invalid tempIds';
  if (error !== undefined && !(isPlainRecord(error) && typeof error['message'] === 'string')) return 'invalid error';
  const problem = payload === undefined ? null : findPayloadProblem(payload);
  return problem ?? (isRemapRecord(record) && !remapOfRecord(record) ? 'invalid remap record' : null);
}

/** Keeps only the known fields, so nothing foreign rides along into the app. */
function normalizeAction(record: OfflineAction): OfflineAction {
  const { id, type, payload, createdAt, order, attempts, status, scope, tempIds, blocking, error } = record;
  return {
    id,
    type,
    payload,
    createdAt,
    ...(order !== undefined ? { order } : {}),
    attempts,
    status,
    scope,
    ...(tempIds ? { tempIds } : {}),
    ...(blocking !== undefined ? { blocking } : {}),
    ...(error ? { error: normalizeError(error) } : {}),
  };
}

function normalizeError(error: OfflineActionError): OfflineActionError {
  const { message, status, name, code } = error;
  return {
    message,
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof code === 'number' ? { code } : {}),
  };
}
