import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync } from 'node:fs';
import type { StoreCommand } from '../store/store-command';

/** One line of the command log: the command's number and the command. */
export interface LogEntry {
  n: number;
  command: StoreCommand;
}

/**
 * Reads the JSON-lines command log at `path` (none: no entries). A last line without its
 * newline is a write cut short by a crash: it is dropped (the file is truncated before it)
 * and reported through `log`. Any other line that is not a log entry throws an error naming
 * the file and the line.
 */
export function readCommandLog(path: string, log: (message: string) => void): LogEntry[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const lastNewline = text.lastIndexOf('\n');
  const complete = text.slice(0, lastNewline + 1);
  const lines = complete === '' ? [] : complete.slice(0, -1).split('\n');
  if (lastNewline + 1 < text.length) {
    log(
      `ngx-cache-hub live-server: ${path} line ${lines.length + 1} is a torn write (${text.length - lastNewline - 1} bytes without a newline, ` +
        'never acknowledged); dropped it',
    );
    truncateSync(path, Buffer.byteLength(complete));
    const fd = openSync(path, 'r+');
    fsyncSync(fd);
    closeSync(fd);
  }
  return lines.map((line, index) => parseEntry(line, `${path} line ${index + 1}`));
}

function parseEntry(line: string, where: string): LogEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw corrupt(where, `not JSON (${(error as Error).message})`);
  }
  const entry = value as Partial<LogEntry> | null;
  if (typeof entry !== 'object' || entry === null || !Number.isSafeInteger(entry.n) || (entry.n as number) < 1) {
    throw corrupt(where, 'no command number "n"');
  }
  const command = entry.command as Partial<StoreCommand> | undefined;
  if (typeof command !== 'object' || command === null || typeof command.operation !== 'object' || typeof command.at !== 'string') {
    throw corrupt(where, 'no valid "command"');
  }
  return entry as LogEntry;
}

function corrupt(where: string, problem: string): Error {
  return new Error(
    `ngx-cache-hub live-server: the command log is corrupt at ${where}: ${problem}. ` +
      'Restore the data directory from a backup, or delete it to start from the seed data (losing its state).',
  );
}
