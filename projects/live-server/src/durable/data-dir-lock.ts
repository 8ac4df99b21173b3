import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Takes the exclusive lock of a data directory: a file created with O_EXCL holding this
 * process's pid. A lock whose pid is no longer running (a crash, SIGKILL) is stale and taken
 * over; a live one refuses the start, so two processes never append to one log. Returns the
 * function that releases it.
 */
/** Locks held by this process (a second server in the same process must be refused too). */
const held = new Set<string>();

export function lockDataDir(path: string, log: (message: string) => void): () => void {
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      let released = false;
      held.add(resolve(path));
      return () => {
        if (released) return;
        released = true;
        held.delete(resolve(path));
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw lockError(path, error as Error);
    }
    const holder = Number.parseInt(readText(path), 10);
    // Its own pid is a stale lock (a container restarted with the same pid), unless this process holds it.
    const live = holder === process.pid ? held.has(resolve(path)) : Number.isSafeInteger(holder) && holder > 0 && isRunning(holder);
    if (live) {
      throw new Error(
        `ngx-cache-hub live-server: ${path} is held by process ${holder}, which is running: another server uses this data directory. ` +
          'Stop it first (two processes on one directory would hand out the same seqs and ids). If that pid is not a live server, delete the lock file.',
      );
    }
    log(`ngx-cache-hub live-server: ${path} was left by process ${Number.isNaN(holder) ? '(unknown)' : holder}, which is not running; took the lock over`);
    rmSync(path, { force: true });
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockError(path: string, error: Error): Error {
  return new Error(`ngx-cache-hub live-server: could not take the lock ${path} (${error.message})`);
}
