import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { applyAndPublish } from '../command-bus';
import type { LiveStore } from '../store/live-store';
import type { EventHub } from '../stream/event-hub';
import { readDataDirSnapshot, writeDataDirSnapshot, type DataDirSnapshot } from './data-dir-snapshot';
import { readCommandLog } from './read-command-log';

/** The files of a data directory. */
export interface DataDirPaths {
  snapshot: string;
  log: string;
}

/** A data directory loaded into a store and a hub, as of command `appliedThrough`. */
export interface OpenedDataDir {
  store: LiveStore;
  hub: EventHub;
  paths: DataDirPaths;
  appliedThrough: number;
  /** Commands replayed from the log on top of the snapshot. */
  replayed: number;
}

/** The data directory's file names: `snapshot.json` and `commands.jsonl`. */
export function dataDirPaths(dir: string): DataDirPaths {
  return { snapshot: join(dir, 'snapshot.json'), log: join(dir, 'commands.jsonl') };
}

/** The files of the older `DATA_FILE` form: the snapshot at `file`, the log at `<file>.commands.jsonl`. */
export function dataFilePaths(file: string): DataDirPaths {
  return { snapshot: file, log: `${file}.commands.jsonl` };
}

/**
 * Loads a data directory: the snapshot (made from the seed data, with a new epoch, and written
 * at once when the directory is new), then every logged command after it, applied in order
 * as when it was first acknowledged, so ids, versions, seq and idempotency keys continue.
 */
export function openDataDir(
  paths: DataDirPaths,
  createState: (snapshot: DataDirSnapshot | undefined) => { store: LiveStore; hub: EventHub },
  log: (message: string) => void,
): OpenedDataDir {
  mkdirSync(dirname(paths.snapshot), { recursive: true });
  rmSync(`${paths.snapshot}.tmp`, { force: true });
  const snapshot = readDataDirSnapshot(paths.snapshot);
  const entries = readCommandLog(paths.log, log);
  if (!snapshot && entries.length > 0) {
    throw new Error(`ngx-cache-hub live-server: ${paths.log} has commands but ${paths.snapshot} is missing. Restore it or delete the data directory.`);
  }
  const { store, hub } = createState(snapshot);
  if (!snapshot) writeDataDirSnapshot(paths.snapshot, { format: 2, appliedThrough: 0, store: store.snapshot(), hub: hub.snapshot() });
  let appliedThrough = snapshot?.appliedThrough ?? 0;
  let replayed = 0;
  entries.forEach((entry, index) => {
    // Lines the snapshot already holds: a crash came between writing it and emptying the log.
    if (entry.n <= appliedThrough) return;
    if (entry.n !== appliedThrough + 1) {
      throw new Error(
        `ngx-cache-hub live-server: the command log is corrupt at ${paths.log} line ${index + 1}: command ${entry.n} follows ${appliedThrough}. ` +
          'Restore the data directory from a backup, or delete it to start from the seed data (losing its state).',
      );
    }
    applyAndPublish(store, hub, entry.command);
    appliedThrough = entry.n;
    replayed++;
  });
  return { store, hub, paths, appliedThrough, replayed };
}
