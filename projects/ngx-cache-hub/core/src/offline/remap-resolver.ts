import type { OfflineAction } from './offline-action';
import { replaceTempId } from './replace-temp-id';
import type { EntityRemap } from './tab-coordinator';

/** One thing a temp id has meant: a synced create (its remap) or a create still queued. */
interface Meaning {
  readonly at: number;
  readonly remap?: EntityRemap;
}

/**
 * Rewrites temp ids in action payloads by what each temp id meant when the action was enqueued,
 * so a temp id reused by a later create (an app counter restarting after a reload) is never
 * rewritten to the server id of the earlier entity. For an action and a temp id, the meaning is
 * the latest of: the remaps of that temp id (from their create's `createdAt`, `since`) and the
 * creates of it still queued, enqueued no later than the action. A remap applies only when it is
 * that meaning; a queued create leaves the temp id for its own remap to rewrite once it syncs.
 */
export class RemapResolver {
  private readonly meanings = new Map<string, Meaning[]>();

  /** `remaps`: the known remaps; `records`: the queue they apply to (its creates count as meanings). */
  constructor(remaps: Iterable<EntityRemap>, records: readonly OfflineAction[]) {
    for (const remap of remaps) this.add(remap.tempId, { at: remap.since ?? -Infinity, remap });
    for (const record of records) {
      for (const tempId of record.tempIds ?? []) if (this.meanings.has(tempId)) this.add(tempId, { at: record.createdAt });
    }
  }

  /** Whether no remap is known (nothing to rewrite). */
  get empty(): boolean {
    return this.meanings.size === 0;
  }

  /** `action`'s payload with its temp ids rewritten (the same reference when nothing changed). */
  payloadOf(action: OfflineAction): unknown {
    let payload = action.payload;
    for (const [tempId, meanings] of this.meanings) {
      if (action.tempIds?.includes(tempId)) continue; // the temp id the action itself creates
      const remap = meaningAt(meanings, action.createdAt)?.remap;
      if (remap) payload = replaceTempId(payload, tempId, remap.serverId);
    }
    return payload;
  }

  private add(tempId: string, meaning: Meaning): void {
    const list = this.meanings.get(tempId);
    if (list) list.push(meaning);
    else this.meanings.set(tempId, [meaning]);
  }
}

/** The latest meaning at `at` or before; on a tie a queued create wins (it was enqueued after the remap's create). */
function meaningAt(meanings: readonly Meaning[], at: number): Meaning | undefined {
  let found: Meaning | undefined;
  for (const meaning of meanings) {
    if (meaning.at > at) continue;
    if (!found || meaning.at > found.at || (meaning.at === found.at && !meaning.remap)) found = meaning;
  }
  return found;
}
