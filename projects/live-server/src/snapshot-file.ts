import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StoreSnapshot } from './store/live-store';
import type { EventHubSnapshot } from './stream/event-hub';

/** A whole server's state: store, seq numbering and retained events. */
export interface LiveServerSnapshot {
  format: 1;
  store: StoreSnapshot;
  hub: EventHubSnapshot;
}

/** Reads a snapshot written by {@link writeSnapshotFile}; undefined when the file does not exist. */
export function readSnapshotFile(path: string): LiveServerSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  let snapshot: LiveServerSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`ngx-cache-hub live-server: ${path} is not a readable snapshot (${(error as Error).message}). Delete it to start from the seed data.`);
  }
  if (snapshot?.format !== 1 || !snapshot.store || !snapshot.hub) {
    throw new Error(`ngx-cache-hub live-server: ${path} is not a live-server snapshot. Delete it to start from the seed data.`);
  }
  return snapshot;
}

/** Writes a snapshot atomically (temporary file, then rename), synchronously so it also works at exit. */
export function writeSnapshotFile(path: string, snapshot: LiveServerSnapshot): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(snapshot));
  renameSync(temporary, path);
}
