import { orderOf, type OfflineAction } from './offline-action';
import { replaceTempId } from './replace-temp-id';
import type { EntityRemap } from './tab-coordinator';

/**
 * Rewrites temp ids in action payloads by what each temp id means for the action, so a temp id
 * reused by a later create (an app counter restarting after a reload) is never rewritten to the
 * server id of the earlier entity, whatever the clock did:
 * - a create of the temp id still queued before the action (queue order, not time) leaves it for
 *   that create's own remap, once it syncs;
 * - otherwise one known remap of the temp id applies;
 * - several (the temp id was reused and both creates synced): the latest whose create comes before
 *   the action in the user's history (`since` against the action's `order`, which a clock set
 *   back does not lower below what the queue held), or the latest of all when none does.
 */
export class RemapResolver {
  private readonly remaps = new Map<string, EntityRemap[]>();
  /** Temp id -> queue positions of the creates of it still queued. */
  private readonly creates = new Map<string, number[]>();
  private readonly positions = new Map<string, number>();

  /** `remaps`: the known remaps; `records`: the queue they apply to, in order (its creates count). */
  constructor(remaps: Iterable<EntityRemap>, records: readonly OfflineAction[]) {
    for (const remap of remaps) push(this.remaps, remap.tempId, remap);
    records.forEach((record, position) => {
      this.positions.set(record.id, position);
      for (const tempId of record.tempIds ?? []) if (this.remaps.has(tempId)) push(this.creates, tempId, position);
    });
  }

  /** Whether no remap is known (nothing to rewrite). */
  get empty(): boolean {
    return this.remaps.size === 0;
  }

  /** `action`'s payload with its temp ids rewritten (the same reference when nothing changed). */
  payloadOf(action: OfflineAction): unknown {
    const position = this.positions.get(action.id) ?? Infinity;
    let payload = action.payload;
    for (const [tempId, remaps] of this.remaps) {
      if (action.tempIds?.includes(tempId)) continue; // the temp id the action itself creates
      if (this.creates.get(tempId)?.some((at) => at < position)) continue;
      const remap = remaps.length === 1 ? remaps[0] : latestFor(remaps, orderOf(action));
      payload = replaceTempId(payload, tempId, remap.serverId);
    }
    return payload;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The remap with the latest `since` at or before `at` (later in the list on a tie); the latest of all when none is. */
function latestFor(remaps: readonly EntityRemap[], at: number): EntityRemap {
  const since = (remap: EntityRemap) => remap.since ?? -Infinity;
  const latest = (candidates: readonly EntityRemap[]) => candidates.reduce((best, remap) => (since(remap) >= since(best) ? remap : best));
  const before = remaps.filter((remap) => since(remap) <= at);
  return latest(before.length > 0 ? before : remaps);
}
