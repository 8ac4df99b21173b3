import { isPlainRecord } from './json-payload';
import { orderOf, type OfflineAction } from './offline-action';
import { RemapResolver } from './remap-resolver';
import type { EntityRemap } from './tab-coordinator';

/**
 * The reserved action type under which a temp-id remap is stored in its user's queue, beside the
 * actions: written in the same update that removes the synced create, so every tab that reads the
 * queue (or saves into it) sees the remap, whatever notices it missed. Never replayed or shown.
 */
const REMAP_RECORD_TYPE = 'ngx-cache-hub/remap';
/** Remap records older than this are dropped on the next write. */
const REMAP_RETENTION_MS = 86_400_000; // 24 h
/**
 * At most this many remap records are kept per user, the newest. Only a bound on storage for a
 * user syncing more creates than this within the 24 h retention: an action held in another tab's
 * memory (storage full) may need any remap of the last 24 h when it is finally saved.
 */
const MAX_REMAP_RECORDS = 5_000;

/** Whether a stored record is a remap record rather than an action. */
export function isRemapRecord(record: { readonly type?: unknown }): boolean {
  return record.type === REMAP_RECORD_TYPE;
}

/** The actions of a stored queue, without its remap records. */
export function actionsOf(records: readonly OfflineAction[]): readonly OfflineAction[] {
  return records.some(isRemapRecord) ? records.filter((r) => !isRemapRecord(r)) : records;
}

/** The valid remaps among the stored records. */
export function remapsOf(records: readonly OfflineAction[]): EntityRemap[] {
  const remaps: EntityRemap[] = [];
  for (const record of records) {
    const remap = isRemapRecord(record) ? remapOfRecord(record) : null;
    if (remap) remaps.push(remap);
  }
  return remaps;
}

/** The remap a remap record holds, or `null` when its payload is not one (a non-empty temp id, a server id). */
export function remapOfRecord({ payload: p }: { readonly payload?: unknown }): EntityRemap | null {
  if (!isPlainRecord(p) || typeof p['entityType'] !== 'string' || typeof p['tempId'] !== 'string' || !p['tempId']) return null;
  const serverId = p['serverId'];
  if (typeof serverId !== 'string' && typeof serverId !== 'number') return null;
  const since = p['since'];
  return { entityType: p['entityType'], tempId: p['tempId'], serverId, ...(typeof since === 'number' && Number.isFinite(since) ? { since } : {}) };
}

/** Whether `type` is reserved for the queue's own records (`ngx-cache-hub/...`), so no handler may take it. */
export function isReservedActionType(type: string): boolean {
  return type.startsWith('ngx-cache-hub/');
}

/**
 * `action` with its `order` stamped after everything `queue` holds: its actions, its remap
 * records and the creates they remap (see `OfflineAction.order`).
 */
export function stampOrder<P>(action: OfflineAction<P>, queue: readonly OfflineAction[]): OfflineAction<P> {
  return { ...action, order: Math.max(action.createdAt, nextOrder(queue)) };
}

/** The least `order` that comes after everything `queue` holds. */
export function nextOrder(queue: readonly OfflineAction[]): number {
  let after = -Infinity;
  for (const record of queue) after = Math.max(after, orderOf(record));
  for (const remap of remapsOf(queue)) after = Math.max(after, remap.since ?? -Infinity);
  return Math.floor(after) + 1;
}

/** Tells apart the remaps of one temp id reused by several creates (by their create's time). */
export function remapKey({ entityType, tempId, since }: EntityRemap): string {
  return `${entityType}:${tempId}${since === undefined ? '' : `@${since}`}`;
}

/** `records` with a record of `remap` added (replacing one of the same temp id and create time). */
export function withRemapRecord(records: readonly OfflineAction[], remap: EntityRemap, scope: string, now: number): readonly OfflineAction[] {
  const id = `remap:${remapKey(remap)}`;
  const record: OfflineAction<EntityRemap> = { id, type: REMAP_RECORD_TYPE, payload: { ...remap }, createdAt: now, attempts: 0, status: 'pending', scope };
  return [record, ...records.filter((r) => r.id !== id)];
}

/**
 * `payload` with the temp ids of `remaps` replaced where they still mean the remapped entity for
 * `action` (see `RemapResolver`; `records`, the queue, holds the creates that may have reused a
 * temp id), except the temp ids `action` itself creates.
 */
export function remapPayload(action: OfflineAction, remaps: Iterable<EntityRemap>, records: readonly OfflineAction[]): unknown {
  return new RemapResolver(remaps, records).payloadOf(action);
}

/**
 * What is written for `records`: the payload of every action remapped by the remap records among
 * them (so an action saved late, from memory, never keeps a temp id whose create synced) and
 * remap records past their retention dropped. Unchanged records keep their reference.
 */
export function prepareForStorage(records: readonly OfflineAction[], now: number): readonly OfflineAction[] {
  const resolver = new RemapResolver(remapsOf(records), records);
  if (resolver.empty) return records;
  let kept = 0;
  return records.flatMap((record) => {
    if (isRemapRecord(record)) return kept++ < MAX_REMAP_RECORDS && now - record.createdAt < REMAP_RETENTION_MS ? [record] : [];
    const payload = resolver.payloadOf(record);
    return [payload === record.payload ? record : { ...record, payload }];
  });
}
