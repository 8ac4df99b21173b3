import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { applyAndPublish } from '../command-bus';
import type { LiveStore } from '../store/live-store';
import type { EventHub } from '../stream/event-hub';
import { newEpoch } from '../stream/stream-position';
import { readDataDirSnapshot, writeDataDirSnapshot, writeFileDurably, type DataDirSnapshot } from './data-dir-snapshot';
import { lockDataDir } from './data-dir-lock';
import { readLogHead, writeLogHead } from './log-head';
import { LOG_CHECK } from './log-line';
import { readCommandLog, type LogHeader } from './read-command-log';

/** The files of a data directory. */
export interface DataDirPaths {
  snapshot: string;
  log: string;
  /** Held (O_EXCL, with the pid) while a process uses the directory. */
  lock: string;
  /** The last acknowledged position (see {@link LogHead}): tells a log that lost commands. */
  head: string;
}

/** A data directory loaded into a store and a hub, as of command `appliedThrough`. */
export interface OpenedDataDir {
  store: LiveStore;
  hub: EventHub;
  paths: DataDirPaths;
  appliedThrough: number;
  /** Commands replayed from the log on top of the snapshot. */
  replayed: number;
  /** Commands in the log that the snapshot does not hold (0 after a compaction at start). */
  uncompacted: number;
  /** The id of the log file now on disk (its header line). */
  logId: string;
  /** Bytes of that log file. */
  logBytes: number;
  /** Releases the directory's lock. */
  unlock: () => void;
}

/** Options of {@link openDataDir}. */
export interface OpenDataDirOptions {
  /** Start a new epoch even though the log continues the snapshot (after restoring a backup). */
  forceNewEpoch?: boolean;
}

/** The data directory's file names: `snapshot.json`, `commands.jsonl`, `head` and `lock`. */
export function dataDirPaths(dir: string): DataDirPaths {
  return { snapshot: join(dir, 'snapshot.json'), log: join(dir, 'commands.jsonl'), lock: join(dir, 'lock'), head: join(dir, 'head') };
}

/** The files of the older `DATA_FILE` form: the snapshot at `file`, the log at `<file>.commands.jsonl`. */
export function dataFilePaths(file: string): DataDirPaths {
  return { snapshot: file, log: `${file}.commands.jsonl`, lock: `${file}.lock`, head: `${file}.head` };
}

/** The header line of a new log continuing a snapshot at `after`. */
function logHeaderLine(header: LogHeader): string {
  return `${JSON.stringify({ log: header.log, epoch: header.epoch, after: header.after, check: LOG_CHECK })}\n`;
}

/**
 * Compacts: writes the state as of `appliedThrough` into the snapshot, naming a new log, then
 * replaces the log by that new one (only its header). Each step is atomic; a failure of the
 * first leaves snapshot and log as they were, a failure of the second leaves the new snapshot
 * and the old log, which the snapshot names as `previousLogId` (a start accepts that pair).
 * Returns the id and size of the log now on disk.
 */
export function compactDataDir(
  paths: DataDirPaths,
  state: { store: LiveStore; hub: EventHub; appliedThrough: number; currentLogId: string | undefined; currentLogUnchecked?: boolean },
  betweenSteps?: () => void,
): { logId: string; logBytes: number; logReplaced: boolean; error?: Error } {
  const logId = randomUUID();
  const hub = state.hub.snapshot();
  writeDataDirSnapshot(paths.snapshot, {
    format: 2,
    appliedThrough: state.appliedThrough,
    logId,
    ...(state.currentLogId ? { previousLogId: state.currentLogId, ...(state.currentLogUnchecked ? {} : { previousLogCheck: LOG_CHECK }) } : {}),
    store: state.store.snapshot(),
    hub,
  });
  const header = logHeaderLine({ log: logId, epoch: hub.epoch, after: state.appliedThrough });
  betweenSteps?.();
  try {
    writeFileDurably(paths.log, header);
  } catch (error) {
    return { logId: state.currentLogId ?? logId, logBytes: -1, logReplaced: false, error: error as Error };
  }
  return { logId, logBytes: Buffer.byteLength(header), logReplaced: true };
}

/**
 * Loads a data directory: the snapshot (made from the seed data, with a new epoch, and written
 * at once when the directory is new), then every logged command after it, applied in order
 * as when it was first acknowledged, so ids, versions, seq and idempotency keys continue.
 *
 * The log must provably be the whole history after the snapshot: its header names the log the
 * snapshot names (or the one it replaced, with every command through the snapshot). A missing
 * or emptied log means commands after the snapshot may be lost: the start continues from the
 * snapshot in a **new epoch** (clients resync) and says so. A log that belongs to another
 * snapshot refuses the start.
 */
export function openDataDir(
  paths: DataDirPaths,
  createState: (snapshot: DataDirSnapshot | undefined) => { store: LiveStore; hub: EventHub },
  log: (message: string) => void,
  options: OpenDataDirOptions = {},
): OpenedDataDir {
  mkdirSync(dirname(paths.snapshot), { recursive: true });
  const unlock = lockDataDir(paths.lock, log);
  try {
    return load(paths, createState, log, options, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

function load(
  paths: DataDirPaths,
  createState: (snapshot: DataDirSnapshot | undefined) => { store: LiveStore; hub: EventHub },
  log: (message: string) => void,
  options: OpenDataDirOptions,
  unlock: () => void,
): OpenedDataDir {
  for (const file of [paths.snapshot, paths.log]) rmSync(`${file}.tmp`, { force: true });
  const read = readDataDirSnapshot(paths.snapshot);
  const snapshot = read?.snapshot;
  const commandLog = readCommandLog(paths.log, log);
  const { header, entries } = commandLog;
  const refuse = (problem: string) =>
    new Error(
      `ngx-cache-hub live-server: ${paths.log} does not continue ${paths.snapshot}: ${problem}. ` +
        'They come from different moments (a partial restore?). Restore both from the same backup, or move the log away to start from the snapshot in a new epoch (commands after it are lost).',
    );

  if (!snapshot) {
    if (entries.length > 0 || header) {
      throw new Error(`ngx-cache-hub live-server: ${paths.log} has commands but ${paths.snapshot} is missing. Restore it or delete the data directory.`);
    }
    const { store, hub } = createState(undefined);
    const written = compactDataDir(paths, { store, hub, appliedThrough: 0, currentLogId: undefined });
    if (written.error) throw written.error;
    writeLogHead(paths.head, { epoch: hub.epoch, n: 0, seq: hub.latestSeq, nextOrderNumber: store.nextOrderNumber }, log);
    return { store, hub, paths, appliedThrough: 0, replayed: 0, uncompacted: 0, logId: written.logId, logBytes: written.logBytes, unlock };
  }

  const appliedThrough = snapshot.appliedThrough;
  let lost: string | undefined;
  let interruptedEpochChange = false;
  if (!commandLog.exists) lost = `${paths.log} is missing`;
  else if (snapshot.logId === undefined) {
    // A snapshot from before log headers: the log is read by the older rules, then compacted.
    if (header) throw refuse(`the log has a header (log ${header.log}) but the snapshot names none`);
    const last = entries[entries.length - 1]?.n;
    if (last !== undefined && last < appliedThrough) throw refuse(`the log ends at command ${last}, before the snapshot's ${appliedThrough}`);
    if (entries[0] && entries[0].n > appliedThrough + 1) throw refuse(`the log starts at command ${entries[0].n}, the snapshot ends at ${appliedThrough}`);
  } else if (!header) {
    if (entries.length > 0) throw refuse('the log has no header line');
    lost = `${paths.log} is empty (its header line is gone)`;
  } else if (header.epoch !== snapshot.hub.epoch) {
    // A start that moved to a new epoch wrote its snapshot (with the seq and id floors) first, then
    // the new log: a crash between the two leaves the old epoch's log, which the snapshot replaced.
    if (header.log !== snapshot.previousLogId) throw refuse(`line 1 (the header): the log is of epoch ${header.epoch}, the snapshot of ${snapshot.hub.epoch}`);
    const last = entries[entries.length - 1]?.n ?? header.after;
    if (last > appliedThrough) throw refuse(`the log of epoch ${header.epoch} has command ${last}, after the snapshot's ${appliedThrough} of epoch ${snapshot.hub.epoch}`);
    interruptedEpochChange = true;
    log(`ngx-cache-hub live-server: ${paths.snapshot} is of epoch ${snapshot.hub.epoch}, ${paths.log} of the older ${header.epoch}: completing an interrupted change of epoch`);
  } else if (header.log === snapshot.logId) {
    if (header.after !== appliedThrough) throw refuse(`line 1 (the header): the log starts after command ${header.after}, the snapshot ends at ${appliedThrough}`);
    // A server that writes checksummed snapshots writes checksummed logs: a header without `check` there was changed.
    if (read!.checked && header.check !== LOG_CHECK) throw refuse('line 1 (the header): it does not announce the checksums that every log of a checksummed snapshot has');
  } else if (header.log === snapshot.previousLogId) {
    // A crash (or a failed write) between the snapshot and the new log: the old log must reach the snapshot.
    const last = entries[entries.length - 1]?.n ?? header.after;
    if (header.after > appliedThrough || last < appliedThrough)
      throw refuse(`the log (commands ${header.after + 1}..${last}) does not reach the snapshot's command ${appliedThrough}`);
  } else {
    throw refuse(`line 1 (the header): the log is ${header.log}, the snapshot names ${snapshot.logId}`);
  }
  // The snapshot says whether the log it replaced had checksums: that log cannot lose them either.
  if (header && header.log === snapshot.previousLogId && snapshot.previousLogCheck === LOG_CHECK && header.check !== LOG_CHECK) {
    throw refuse('line 1 (the header): it does not announce the checksums the snapshot says the log it replaced has');
  }

  const { store, hub } = createState(snapshot);
  let through = appliedThrough;
  let replayed = 0;
  if (!lost) {
    for (const entry of entries) {
      // Lines the snapshot already holds: a crash came between writing it and replacing the log.
      if (entry.n <= through) continue;
      if (entry.n !== through + 1) throw refuse(`line ${entry.line} is command ${entry.n}, the snapshot ends at ${through}`);
      try {
        applyAndPublish(store, hub, entry.command);
      } catch (error) {
        throw new Error(
          `ngx-cache-hub live-server: the command log is corrupt at ${paths.log} line ${entry.line}: command ${entry.n} cannot be applied (${(error as Error).message}). ` +
            'Restore the data directory from a backup (then start once with NEW_EPOCH=1, see the README), or delete it to start from the seed data (losing its state).',
        );
      }
      through = entry.n;
      replayed++;
    }
  }

  // The log may be whole by its own lines yet shorter than what was acknowledged (cut back to its header, an older backup).
  const known = readLogHead(paths.head);
  if (!lost && known && known.n > through) {
    lost = `${paths.log} ends at command ${through}, but command ${known.n} was acknowledged (${paths.head}): the log lost commands`;
  } else if (!lost && known && (known.seq > hub.latestSeq || known.nextOrderNumber > store.nextOrderNumber)) {
    lost =
      `${paths.snapshot} and ${paths.log} end at seq ${hub.latestSeq} (next order ${store.nextOrderNumber}), ` +
      `but ${paths.head} records seq ${known.seq} (next order ${known.nextOrderNumber}): history was lost`;
  } else if (!lost && !known && replayed === 0 && !interruptedEpochChange) {
    // Position unknown (head missing, empty, torn) and a log with no command after the snapshot:
    // nothing proves that no acknowledged command was cut off.
    lost = `${paths.head} is missing or unreadable and ${paths.log} has no command after the snapshot's ${appliedThrough}: acknowledged commands may be lost`;
  }
  const newEpochReason = lost ?? (options.forceNewEpoch ? 'NEW_EPOCH=1 was set' : undefined);
  if (newEpochReason) {
    const previous = hub.epoch;
    // Seqs and order ids handed out before are never handed out again, not even in the new epoch.
    const seq = Math.max(hub.latestSeq, known?.seq ?? 0);
    if (known) store.nextOrderNumber = Math.max(store.nextOrderNumber, known.nextOrderNumber);
    hub.restore({ ...hub.snapshot(), epoch: newEpoch(), events: [], latestSeq: seq, droppedThrough: seq });
    log(
      `ngx-cache-hub live-server: ${newEpochReason}; ` +
        (lost ? `commands after the snapshot's ${appliedThrough} may be lost, so ` : '') +
        `started a new epoch ${hub.epoch} (was ${previous}) from command ${through}: clients resync instead of trusting old positions`,
    );
  }
  const head = { epoch: hub.epoch, n: through, seq: hub.latestSeq, nextOrderNumber: store.nextOrderNumber };
  // A log without checksums (an older server's) is compacted into one with them, never appended to.
  const normal = !newEpochReason && header !== undefined && header.log === snapshot.logId && header.check === LOG_CHECK;
  if (normal) {
    writeLogHead(paths.head, head, log);
    return { store, hub, paths, appliedThrough: through, replayed, uncompacted: replayed, logId: header!.log, logBytes: statSize(paths.log), unlock };
  }
  // New epoch, older format or a half-done compaction: write a consistent pair now, in an order
  // that a crash at any step leaves a directory that restarts correctly: first the snapshot (new
  // epoch, seq and id floors; naming the old log as the one it replaces), then the new log, then head.
  crashPoint('before-snapshot');
  const written = compactDataDir(paths, { store, hub, appliedThrough: through, currentLogId: header?.log, currentLogUnchecked: header?.check !== LOG_CHECK }, () =>
    crashPoint('before-log'),
  );
  if (written.error) throw written.error;
  crashPoint('before-head');
  writeLogHead(paths.head, head, log);
  crashPoint('after-head');
  return { store, hub, paths, appliedThrough: through, replayed, uncompacted: 0, logId: written.logId, logBytes: written.logBytes, unlock };
}

/**
 * For the crash tests only: `LIVE_SERVER_CRASH_AT=<step>` ends the process at once (as a kill -9
 * would) when a start that rewrites the directory reaches that step.
 */
function crashPoint(step: string): void {
  if (process.env['LIVE_SERVER_CRASH_AT'] === step) process.kill(process.pid, 'SIGKILL');
}

function statSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}
