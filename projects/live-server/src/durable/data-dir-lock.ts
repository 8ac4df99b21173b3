import { closeSync, existsSync, ftruncateSync, linkSync, mkdirSync, openSync, readFileSync, rmdirSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';

/** Locks held by this process (a second server in the same process must be refused too). */
const held = new Set<string>();

/**
 * Takes the exclusive lock of a data directory: a file holding this process's pid, which
 * appears atomically with its content (written to a temporary file, then hard-linked to `path`,
 * which fails when `path` exists). A lock whose pid is no longer running (a crash, SIGKILL) is
 * stale and taken over; a live one refuses the start, so two processes never append to one log.
 *
 * Taking over is serialized by a second lock, the directory `<path>.takeover` (mkdir is atomic):
 * only its holder may rewrite the stale lock, and only after reading it again under that lock,
 * so of several processes starting at once over a stale lock exactly one wins; the others then
 * see the winner's live pid and are refused. Returns the function that releases the lock.
 */
export function lockDataDir(path: string, log: (message: string) => void): () => void {
  const taken = () => {
    held.add(resolve(path));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held.delete(resolve(path));
      rmSync(path, { force: true });
    };
  };
  if (createWithPid(path)) return taken();
  const takeover = `${path}.takeover`;
  if (!takeTakeoverLock(takeover)) {
    throw new Error(
      `ngx-cache-hub live-server: ${takeover} exists: another server is taking over ${path} right now, or one died while doing so. ` +
        'Make sure no other server uses this data directory, then delete it (and the lock if its pid is not a live server).',
    );
  }
  try {
    // Read again under the takeover lock: a process that won before this one has its live pid there.
    const holder = readPid(path);
    if (holder !== undefined && isLive(holder, path)) throw heldError(path, holder);
    // In place, so a full disk cannot stop it: the stale lock's own bytes are reused. No other
    // process writes the lock meanwhile (creating it fails, as it exists; replacing it needs the takeover lock).
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, 0);
      writeSync(fd, `${process.pid}\n`, 0);
    } finally {
      closeSync(fd);
    }
    log(`ngx-cache-hub live-server: ${path} was left by process ${holder ?? '(unknown)'}, which is not running; took the lock over`);
    return taken();
  } finally {
    rmdirSync(takeover);
  }
}

/** The takeover lock: a directory (atomic to create, and no data to write on a full disk); waits up to 1 s for another holder. */
function takeTakeoverLock(path: string): boolean {
  const deadline = Date.now() + 1000;
  for (;;) {
    try {
      mkdirSync(path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`ngx-cache-hub live-server: could not create ${path} (${(error as Error).message})`);
    }
    if (Date.now() > deadline) return false;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
}

/** Creates `path` holding this pid, atomically with its content; false when it exists. */
function createWithPid(path: string): boolean {
  // The usual case after a crash, checked first so that a full disk (no room for the temporary file) can still take a stale lock over.
  if (existsSync(path)) return false;
  const temporary = writePidFile(path);
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new Error(`ngx-cache-hub live-server: could not take the lock ${path} (${(error as Error).message})`);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** A temporary file beside `path` holding this process's pid. */
function writePidFile(path: string): string {
  const temporary = `${path}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  const fd = openSync(temporary, 'wx');
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return temporary;
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock at `path` naming `pid` is held by a running process. Its own pid is stale (a container restarted with the same pid) unless this process holds it. */
function isLive(pid: number, path: string): boolean {
  if (pid === process.pid) return held.has(resolve(path));
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function heldError(path: string, holder: number | undefined): Error {
  return new Error(
    `ngx-cache-hub live-server: ${path} is held by process ${holder ?? '(unknown)'}, which is running: another server uses this data directory. ` +
      'Stop it first (two processes on one directory would hand out the same seqs and ids). If that pid is not a live server, delete the lock file.',
  );
}
