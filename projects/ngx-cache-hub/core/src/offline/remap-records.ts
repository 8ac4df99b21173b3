import { isPlainRecord } from './json-payload';
import type { OfflineAction } from './offline-action';
import { replaceTempId } from './replace-temp-id';
import type { EntityRemap } from './tab-coordinator';

/**
 * The reserved action type under which a temp-id remap is stored in its user's queue, beside the
 * actions: written in the same update that removes the synced create, so every tab that reads the
 * queue (or saves into it) sees the remap, whatever notices it missed. Never replayed or shown.
 */
export const REMAP_RECORD_TYPE = 'ngx-cache-hub/remap';
/** Remap records older than this are dropped on the next write. */
const REMAP_RETENTION_MS = 86_400_000; // 24 h
/** At most this many remap records are kept per user, the newest. */
const MAX_REMAP_RECORDS = 100;

/** Whether a stored record is a remap record rather than an action. */
export function isRemapRecord(record: OfflineAction): boolean {
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
    const p = record.payload;
    if (!isRemapRecord(record) || !isPlainRecord(p) || typeof p['entityType'] !== 'string' || typeof p['tempId'] !== 'string') continue;
    const serverId = p['serverId'];
    if (typeof serverId === 'string' || typeof serverId === 'number') remaps.push({ entityType: p['entityType'], tempId: p['tempId'], serverId });
  }
  return remaps;
}

/** `records` with a record of `remap` added (replacing an older one of the same temp id). */
export function withRemapRecord(records: readonly OfflineAction[], remap: EntityRemap, scope: string, now: number): readonly OfflineAction[] {
  const id = `remap:${remap.entityType}:${remap.tempId}`;
  const record: OfflineAction<EntityRemap> = { id, type: REMAP_RECORD_TYPE, payload: { ...remap }, createdAt: now, attempts: 0, status: 'pending', scope };
  return [record, ...records.filter((r) => r.id !== id)];
}

/** `payload` with every temp id of `remaps` replaced, except the temp ids `action` itself creates. */
export function remapPayload(action: OfflineAction, remaps: Iterable<EntityRemap>): unknown {
  let payload = action.payload;
  for (const remap of remaps) {
    if (!action.tempIds?.includes(remap.tempId)) payload = replaceTempId(payload, remap.tempId, remap.serverId);
  }
  return payload;
}

/**
 * What is written for `records`: the payload of every action remapped by the remap records among
 * them (so an action saved late, from memory, never keeps a temp id whose create synced) and
 * remap records past their retention dropped. Unchanged records keep their reference.
 */
export function prepareForStorage(records: readonly OfflineAction[], now: number): readonly OfflineAction[] {
  const remaps = remapsOf(records);
  if (!remaps.length) return records;
  let kept = 0;
  return records.flatMap((record) => {
    if (isRemapRecord(record)) return kept++ < MAX_REMAP_RECORDS && now - record.createdAt < REMAP_RETENTION_MS ? [record] : [];
    const payload = remapPayload(record, remaps);
    return [payload === record.payload ? record : { ...record, payload }];
  });
}
