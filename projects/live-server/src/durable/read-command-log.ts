import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync } from 'node:fs';
import { commandShapeProblem } from '../store/command-shape';
import type { StoreCommand } from '../store/store-command';
import { checkLogLine, LOG_CHECK } from './log-line';

/** One line of the command log: the command's number and the command. */
interface LogEntry {
  n: number;
  command: StoreCommand;
  /** 1-based line number in the file, for error messages. */
  line: number;
}

/** The first line of a log written since log headers exist: which log it is and where it starts. */
export interface LogHeader {
  /** The id the snapshot names (`logId`) for the log that continues it. */
  log: string;
  epoch: string;
  /** The log's first command is `after + 1`. */
  after: number;
  /** `sha256-16` in logs whose every entry carries a checksum (see `encodeLogLine`); absent in older logs. */
  check?: string;
}

/** A command log as read at start. */
export interface CommandLog {
  /** False when the file does not exist. */
  exists: boolean;
  header: LogHeader | undefined;
  /** The entries, their `n` strictly consecutive (checked, with file and line in the error). */
  entries: LogEntry[];
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the JSON-lines command log at `path`. Works on bytes: a last line without its newline
 * is a write cut short by a crash; it is dropped (the file is truncated at the byte after the
 * last newline) and reported through `log`. Any other line that is not a header or a log entry,
 * including one that is not valid UTF-8, whose checksum does not match its bytes (or is missing
 * in a log whose header announces checksums), whose command does not have the shape the server
 * writes (a known operation kind, typed fields), and any `n` that does not follow the line
 * before (repeated, backward, a gap) throws an error naming the file and the line.
 */
export function readCommandLog(path: string, log: (message: string) => void): CommandLog {
  if (!existsSync(path)) return { exists: false, header: undefined, entries: [] };
  const bytes = readFileSync(path);
  const complete = bytes.lastIndexOf(NEWLINE) + 1;
  const lines: Buffer[] = [];
  for (let start = 0; start < complete;) {
    const end = bytes.indexOf(NEWLINE, start);
    lines.push(bytes.subarray(start, end));
    start = end + 1;
  }
  if (complete < bytes.length) {
    log(`ngx-cache-hub live-server: ${path} line ${lines.length + 1} is a torn write (${bytes.length - complete} bytes without a newline, ` + 'never acknowledged); dropped it');
    truncateSync(path, complete);
    const fd = openSync(path, 'r+');
    fsyncSync(fd);
    closeSync(fd);
  }
  let header: LogHeader | undefined;
  const entries: LogEntry[] = [];
  lines.forEach((raw, index) => {
    const where = `${path} line ${index + 1}`;
    const value = parseLine(raw, where);
    if (index === 0 && isHeader(value)) {
      if (raw.toString('latin1') !== canonicalHeader(value)) throw corrupt(where, 'the header is not as the server writes it (changed bytes or fields)');
      header = value;
      return;
    }
    const sum = checkLogLine(raw);
    if (sum === 'mismatch') throw corrupt(where, 'its checksum does not match its bytes (a changed byte)');
    if (sum === 'none' && header?.check === LOG_CHECK) throw corrupt(where, 'no checksum, though the log header says every line has one');
    if (sum === 'ok' && header?.check !== LOG_CHECK) throw corrupt(where, 'a checksum, though the log header does not announce them (the header was changed)');
    const entry = toEntry(value, where, index + 1);
    const previous = entries.length > 0 ? entries[entries.length - 1].n : header?.after;
    if (previous !== undefined && entry.n !== previous + 1) {
      throw corrupt(where, `command ${entry.n} follows ${previous} (numbers must follow each other: a repeated, backward or missing number)`);
    }
    entries.push(entry);
  });
  return { exists: true, header, entries };
}

function parseLine(raw: Buffer, where: string): unknown {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw corrupt(where, 'not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw corrupt(where, `not JSON (${(error as Error).message})`);
  }
}

/** The header's bytes as the server writes them (ASCII: ids, epochs and numbers only). */
function canonicalHeader({ log, epoch, after, check }: LogHeader): string {
  return JSON.stringify(check === undefined ? { log, epoch, after } : { log, epoch, after, check });
}

function isHeader(value: unknown): value is LogHeader {
  const header = value as Partial<LogHeader> | null;
  return typeof header === 'object' && header !== null && typeof header.log === 'string' && typeof header.epoch === 'string' && Number.isSafeInteger(header.after);
}

function toEntry(value: unknown, where: string, line: number): LogEntry {
  const entry = value as Partial<LogEntry> | null;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || !Number.isSafeInteger(entry.n) || (entry.n as number) < 1) {
    throw corrupt(where, 'no command number "n"');
  }
  const extra = Object.keys(entry).find((key) => key !== 'n' && key !== 'command' && key !== 'sum');
  if (extra !== undefined) throw corrupt(where, `unknown field ${JSON.stringify(extra.slice(0, 40))}`);
  const problem = commandShapeProblem(entry.command);
  if (problem) throw corrupt(where, `no valid "command" (${problem})`);
  return { n: entry.n as number, command: entry.command as StoreCommand, line };
}

/** The error for a bad line: names the file and line, says what to do. */
function corrupt(where: string, problem: string): Error {
  return new Error(
    `ngx-cache-hub live-server: the command log is corrupt at ${where}: ${problem}. ` +
      'Restore the data directory from a backup (then start once with NEW_EPOCH=1, see the README), or delete it to start from the seed data (losing its state).',
  );
}
