import { DETAIL_POSITION } from './entity-index';
import type { EntityDelete } from './entity-store';
import { idString, type EntityWrites } from './entity-writes';

/**
 * Removes a deleted entity from its detail and every list (totalCount − 1), leaving a tombstone
 * at `version` so that nothing older brings it back. A delete older than a known create or
 * snapshot is of an earlier life and changes nothing. Returns whether the store took it.
 */
export function applyDelete(writes: EntityWrites, deletion: EntityDelete): boolean {
  const config = writes.configOf(deletion.entityType);
  const id = String(deletion.entityId);
  const record = writes.records.ensure(config.type, id);
  if (!record.recordDelete(deletion.version)) return false;
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
