import { existsSync, readFileSync } from 'node:fs';
import { writeFileDurably } from './data-dir-snapshot';
import type { FileHandle } from 'node:fs/promises';

/**
 * The last position a data directory is known to have acknowledged, kept beside the log (file
 * `head`). Written and fsynced after every fsynced batch, before its commands are answered (in
 * the same group commit), so a start can tell a log that lost commands (cut back to its header, a snapshot and log from
 * an older backup) from one that never had them.
 */
export interface LogHead {
  epoch: string;
  /** The last command acknowledged. */
  n: number;
  /** The head seq after it. */
  seq: number;
  /** The next order number after it (ids are never handed out twice). */
  nextOrderNumber: number;
}

/** Fixed size, so each write replaces the whole record in place. */
const SIZE = 160;

/** The bytes of a head record, padded with spaces (JSON allows them). */
function encodeLogHead(head: LogHead): Buffer {
  const text = JSON.stringify({ epoch: head.epoch, n: head.n, seq: head.seq, nextOrderNumber: head.nextOrderNumber });
  return Buffer.from(text.padEnd(SIZE, ' ') + '\n');
}

/** Writes the head record at start; a failure (a full disk) is logged, not fatal: the record is only a hint. */
export function writeLogHead(path: string, head: LogHead, log: (message: string) => void): void {
  try {
    writeFileDurably(path, encodeLogHead(head).toString('utf8'));
  } catch (error) {
    log(`ngx-cache-hub live-server: could not write ${path} (${(error as Error).message}); a later start may not detect a log cut back`);
  }
}

/** Overwrites the head record through an open file (after each batch). */
export async function updateLogHead(file: FileHandle, head: LogHead): Promise<void> {
  const bytes = encodeLogHead(head);
  await file.write(bytes, 0, bytes.length, 0);
  await file.datasync();
}

/** The head record, or undefined when there is none or it cannot be read (it is only a hint, never the truth). */
export function readLogHead(path: string): LogHead | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const head = JSON.parse(readFileSync(path, 'utf8')) as Partial<LogHead>;
    const valid = typeof head.epoch === 'string' && [head.n, head.seq, head.nextOrderNumber].every((value) => Number.isSafeInteger(value) && (value as number) >= 0);
    return valid ? (head as LogHead) : undefined;
  } catch {
    return undefined;
  }
}
