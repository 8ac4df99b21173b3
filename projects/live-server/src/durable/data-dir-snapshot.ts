import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreSnapshot } from '../store/live-store';
import type { EventHubSnapshot } from '../stream/event-hub';

/** The state of a data directory as of command `appliedThrough` (seq numbering and epoch in `hub`). */
export interface DataDirSnapshot {
  format: 2;
  appliedThrough: number;
  store: StoreSnapshot;
  hub: EventHubSnapshot & { epoch: string };
}

/** Reads the snapshot at `path`; undefined when there is none. A file that is not one throws, naming it. */
export function readDataDirSnapshot(path: string): DataDirSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  let snapshot: DataDirSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`ngx-cache-hub live-server: ${path} is not a readable snapshot (${(error as Error).message}). Restore it or delete the data directory.`);
  }
  if (snapshot?.format !== 2 || !Number.isSafeInteger(snapshot.appliedThrough) || !snapshot.store || typeof snapshot.hub?.epoch !== 'string') {
    throw new Error(`ngx-cache-hub live-server: ${path} is not a live-server snapshot (format 2). Restore it or delete the data directory.`);
  }
  return snapshot;
}

/**
 * Writes the snapshot durably and atomically: a temporary file, fsync, rename over `path`,
 * fsync of the directory. A crash at any point leaves either the old or the new snapshot.
 */
export function writeDataDirSnapshot(path: string, snapshot: DataDirSnapshot): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, JSON.stringify(snapshot));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  fsyncDirectory(dirname(path));
}

/** Makes a rename or a new file in `dir` durable. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
