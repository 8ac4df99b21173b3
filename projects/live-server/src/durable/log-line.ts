import { createHash } from 'node:crypto';
import type { StoreCommand } from '../store/store-command';

/** The checksum a log's header announces: every entry line carries it. */
export const LOG_CHECK = 'sha256-16';

const PREFIX = '{"sum":"';
const SUM_LENGTH = 16;
/** `{"sum":"<16 hex>",` before the rest of the entry's JSON. */
const HEAD_LENGTH = PREFIX.length + SUM_LENGTH + 2;

function sum(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, SUM_LENGTH);
}

/**
 * One log line (with its newline): `{"sum":"<hex>","n":<n>,"command":{...}}`. The sum is the
 * first 16 hex digits of the SHA-256 of the bytes after `{"sum":"<hex>",`, so any changed byte
 * of the entry (a flipped bit that still leaves valid JSON) is detected at start.
 */
export function encodeLogLine(n: number, command: StoreCommand): string {
  const rest = JSON.stringify({ n, command }).slice(1);
  return `${PREFIX}${sum(rest)}",${rest}\n`;
}

/** Whether a raw line (without its newline) carries a sum, and whether it matches its bytes. */
export function checkLogLine(raw: Buffer): 'none' | 'ok' | 'mismatch' {
  if (raw.length < HEAD_LENGTH || raw.subarray(0, PREFIX.length).toString('latin1') !== PREFIX) return 'none';
  const written = raw.subarray(PREFIX.length, PREFIX.length + SUM_LENGTH).toString('latin1');
  if (raw.subarray(PREFIX.length + SUM_LENGTH, HEAD_LENGTH).toString('latin1') !== '",') return 'mismatch';
  return sum(raw.subarray(HEAD_LENGTH)) === written ? 'ok' : 'mismatch';
}
