import { DETAIL_POSITION } from './entity-index';
import type { EntityDelete } from './entity-store';
import { idString, type EntityWrites } from './entity-writes';
import { endedCopies } from './late-fields';

/**
 * Removes a deleted entity from its detail and every list (totalCount − 1), leaving a tombstone
 * at `version` so that nothing older brings it back. A delete older than a known create or
 * snapshot is of an earlier life and changes nothing. Returns whether the store took it.
 */
export function applyDelete(writes: EntityWrites, deletion: EntityDelete): boolean {
  const config = writes.configOf(deletion.entityType);
  const id = String(deletion.entityId);
  const record = writes.records.ensure(config.type, id);
  const ended = record.deletedAt;
  if (!record.recordDelete(deletion.version)) {
    // Of an earlier life than the newest copy: copies made of answers before it may show that life.
    const stale = record.deletedAt === ended ? undefined : endedCopies(writes, record, deletion.version);
    if (stale?.size) writes.hub.invalidate((key) => stale.has(key));
    return false;
  }
  writes.recent.delete(record);
  const holders = writes.index.pairsOf(config.type, id);
  if (holders.length === 0) return true;
  writes.write(() => {
    for (const [{ key }, position] of holders) {
      if (position === DETAIL_POSITION) {
        writes.hub.delete(key);
        writes.index.remove(config.type, id, key);
      } else {
        writes.rewriteList(config.type, key, (items) => items.filter((item) => idString(config, item) !== id), true);
      }
    }
  });
  return true;
}
