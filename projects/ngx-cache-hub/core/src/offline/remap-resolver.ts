import { orderOf, type OfflineAction } from './offline-action';
import { replaceTempId } from './replace-temp-id';
import type { EntityRemap } from './tab-coordinator';

/**
 * Rewrites temp ids in action payloads by what each temp id means for the action, so a temp id
 * reused by a later create (an app counter restarting after a reload) is never rewritten to the
 * server id of the earlier entity, whatever the clock did:
 * - a create of the temp id still queued before the action (queue order, not time; pending, or
 *   failed and waiting for retry or discard) leaves it for that create's own remap, once it syncs,
 *   unless a create of the temp id that synced comes between them (a failed create does not hold
 *   the temp id against a later one that synced);
 * - otherwise one known remap of the temp id applies;
 * - several (the temp id was reused and both creates synced): the latest whose create comes before
 *   the action in the user's history (`since` against the action's `order`, which a clock set
 *   back does not lower below what the queue held), or the latest of all when none does.
 */
export class RemapResolver {
  private readonly remaps = new Map<string, EntityRemap[]>();
  /** Temp id -> the creates of it still queued: their queue position and order. */
  private readonly creates = new Map<string, Array<{ readonly position: number; readonly order: number }>>();
  private readonly positions = new Map<string, number>();

  /** `remaps`: the known remaps; `records`: the queue they apply to, in order (its creates count). */
  constructor(remaps: Iterable<EntityRemap>, records: readonly OfflineAction[]) {
    for (const remap of remaps) push(this.remaps, remap.tempId, remap);
    records.forEach((record, position) => {
      this.positions.set(record.id, position);
      for (const tempId of record.tempIds ?? []) if (this.remaps.has(tempId)) push(this.creates, tempId, { position, order: orderOf(record) });
    });
  }

  /** Whether no remap is known (nothing to rewrite). */
  get empty(): boolean {
    return this.remaps.size === 0;
  }

  /** `action`'s payload with its temp ids rewritten (the same reference when nothing changed). */
  payloadOf(action: OfflineAction): unknown {
    const position = this.positions.get(action.id) ?? Infinity;
    const at = orderOf(action);
    let payload = action.payload;
    // Only the temp ids the payload holds: one walk, not one per remap of the queue.
    for (const tempId of stringsIn(payload)) {
      const remaps = this.remaps.get(tempId);
      if (!remaps || action.tempIds?.includes(tempId)) continue; // none known, or the temp id the action itself creates
      const queued = this.creates.get(tempId)?.filter((c) => c.position < position) ?? [];
      if (queued.length) {
        // A queued create holds the temp id, unless one that synced came after it.
        const synced = latestBefore(remaps, at);
        if (synced && since(synced) > Math.max(...queued.map((c) => c.order))) payload = replaceTempId(payload, tempId, synced.serverId);
        continue;
      }
      const remap = remaps.length === 1 ? remaps[0] : (latestBefore(remaps, at) ?? latest(remaps));
      payload = replaceTempId(payload, tempId, remap.serverId);
    }
    return payload;
  }
}

/** The strings among the values of `value` (deep), each once. */
function stringsIn(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') found.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (typeof value === 'object' && value !== null) for (const field of Object.values(value)) stringsIn(field, found);
  return found;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const since = (remap: EntityRemap) => remap.since ?? -Infinity;

/** The remap with the latest `since` (later in the list on a tie). */
function latest(remaps: readonly EntityRemap[]): EntityRemap {
  return remaps.reduce((best, remap) => (since(remap) >= since(best) ? remap : best));
}

/** The latest remap whose create came at or before `at`, if any. */
function latestBefore(remaps: readonly EntityRemap[], at: number): EntityRemap | undefined {
  const before = remaps.filter((remap) => since(remap) <= at);
  return before.length ? latest(before) : undefined;
}
