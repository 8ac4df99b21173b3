import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createHash } from 'node:crypto';
import type { StoreSnapshot } from '../store/live-store';
import type { EventHubSnapshot } from '../stream/event-hub';

/** The state of a data directory as of command `appliedThrough` (seq numbering and epoch in `hub`). */
export interface DataDirSnapshot {
  format: 2;
  appliedThrough: number;
  /**
   * Names the log that continues this snapshot: its first line is the header
   * `{"log":<logId>,"epoch":...,"after":<appliedThrough>}`. Absent in snapshots written before
   * log headers existed (their log is read without one).
   */
  logId?: string;
  /** The log this snapshot replaced: a crash between the two steps of a compaction leaves that one. */
  previousLogId?: string;
  /** `sha256-16` when the log it replaced carried checksums (absent for an older server's log, or in older snapshots). */
  previousLogCheck?: string;
  store: StoreSnapshot;
  hub: EventHubSnapshot & { epoch: string };
}

/**
 * Reads the snapshot at `path`; undefined when there is none. A file that is not one throws,
 * naming it. `checked`: the file carried a checksum (written by a server whose logs carry them too).
 */
export function readDataDirSnapshot(path: string): { snapshot: DataDirSnapshot; checked: boolean } | undefined {
  if (!existsSync(path)) return undefined;
  let snapshot: DataDirSnapshot;
  let checked: boolean;
  try {
    const text = readFileSync(path, 'utf8');
    checked = SUM_PREFIX.test(text);
    snapshot = JSON.parse(checkedSnapshotBody(path, text));
  } catch (error) {
    throw new Error(`ngx-cache-hub live-server: ${path} is not a readable snapshot (${(error as Error).message}). Restore it or delete the data directory.`);
  }
  if (snapshot?.format !== 2 || !Number.isSafeInteger(snapshot.appliedThrough) || !snapshot.store || typeof snapshot.hub?.epoch !== 'string') {
    throw new Error(`ngx-cache-hub live-server: ${path} is not a live-server snapshot (format 2). Restore it or delete the data directory.`);
  }
  return { snapshot, checked };
}

/**
 * Writes the snapshot durably and atomically: a temporary file, every byte written (a short
 * write or any error throws), fsync, its size checked, rename over `path`, fsync of the
 * directory. Any failure removes the temporary file and leaves the old snapshot in place, so a
 * full disk or a file-size limit can never replace a good snapshot with a fragment.
 */
export function writeDataDirSnapshot(path: string, snapshot: DataDirSnapshot): void {
  const body = JSON.stringify(snapshot);
  writeFileDurably(path, `{"sum":"${snapshotSum(body)}",${body.slice(1)}`);
}

/** SHA-256 (hex) of a snapshot's body: its JSON without the leading `"sum"` field, as for the log lines. */
function snapshotSum(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

const SUM_PREFIX = /^\{"sum":"([0-9a-f]{64})",/;

/**
 * The body of a snapshot file, its checksum verified: `{"sum":"<sha256 of the body>",...body}`.
 * Snapshots written before checksums (no `"sum"` field at all, anywhere in the text) are read
 * as they are; any other text (a sum that does not match, a damaged `"sum"` field) throws.
 */
function checkedSnapshotBody(path: string, text: string): string {
  const prefix = SUM_PREFIX.exec(text);
  if (prefix) {
    const body = `{${text.slice(prefix[0].length)}`;
    if (snapshotSum(body) !== prefix[1]) throw new Error(`${path}: its checksum does not match (the file is damaged)`);
    return body;
  }
  // A single flipped bit in `{"sum":"..."` must not make a damaged file pass as an old unchecked one.
  if (/^\{"[^"]{3}":"[0-9a-fA-F]{0,64}/.test(text) || !text.startsWith('{"format":2,')) throw new Error(`${path}: it has no valid checksum (the file is damaged)`);
  return text;
}

/** Replaces `path` with `text` atomically and durably (see {@link writeDataDirSnapshot}). */
export function writeFileDurably(path: string, text: string): void {
  const temporary = `${path}.tmp`;
  const bytes = Buffer.from(text, 'utf8');
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeAll(fd, bytes);
      fsyncSync(fd);
      const size = fstatSync(fd).size;
      if (size !== bytes.length) throw new Error(`${temporary} has ${size} bytes after writing ${bytes.length}`);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Not removable (e.g. not a file): the next start removes or reports it.
    }
    throw new Error(`could not write ${path} (${(error as Error).message}); the previous file is unchanged`);
  }
  fsyncDirectory(dirname(path));
}

/** Writes every byte of `bytes` at the file position of `fd`; a write that makes no progress throws. */
function writeAll(fd: number, bytes: Buffer): void {
  let offset = 0;
  while (offset < bytes.length) {
    const written = writeSync(fd, bytes, offset, bytes.length - offset);
    if (written <= 0) throw new Error(`short write (${offset} of ${bytes.length} bytes)`);
    offset += written;
  }
}

/** Makes a rename or a new file in `dir` durable. */
function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
