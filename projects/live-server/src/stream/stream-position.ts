import { randomBytes } from 'node:crypto';

/** A point in one history of the stream: the epoch naming the history and a seq inside it. */
export interface StreamPosition {
  epoch: string;
  seq: number;
}

/** Header of every REST answer: the stream position `<epoch>:<seq>` the answer reflects. */
export const POSITION_HEADER = 'X-Stream-Position';

const EPOCH_PATTERN = /^[0-9a-z]{1,32}$/;

/** A new epoch: 8 random base36 characters. */
export function newEpoch(): string {
  let epoch = '';
  for (const byte of randomBytes(8)) epoch += (byte % 36).toString(36);
  return epoch;
}

/** Whether `value` can be an epoch (1 to 32 lower-case letters and digits). */
function isEpoch(value: unknown): value is string {
  return typeof value === 'string' && EPOCH_PATTERN.test(value);
}

/** `<epoch>:<seq>`, the form used in headers, SSE ids and query parameters. */
export function formatPosition(position: StreamPosition): string {
  return `${position.epoch}:${position.seq}`;
}

/**
 * Reads `<epoch>:<seq>`, or a bare seq (older clients) as a position in `currentEpoch`.
 * Returns undefined for an empty value and an error message for a malformed one.
 */
export function parsePosition(raw: string, currentEpoch: string): StreamPosition | string | undefined {
  if (raw === '') return undefined;
  const colon = raw.lastIndexOf(':');
  const epoch = colon < 0 ? currentEpoch : raw.slice(0, colon);
  const seqText = raw.slice(colon + 1);
  if (!isEpoch(epoch) || !/^\d+$/.test(seqText) || !Number.isSafeInteger(Number(seqText))) {
    return `expected <epoch>:<seq> (e.g. k3j9x0aa:42), got "${raw.slice(0, 60)}"`;
  }
  return { epoch, seq: Number(seqText) };
}

/** Reads a position given as JSON (`{ epoch, seq }`, or a bare seq in `currentEpoch`). */
export function positionFromJson(value: unknown, currentEpoch: string): StreamPosition | string {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? { epoch: currentEpoch, seq: value } : 'seq must be a non-negative integer';
  }
  if (typeof value !== 'object' || value === null) return 'since must be { "epoch", "seq" }';
  const { epoch, seq } = value as Record<string, unknown>;
  if (!isEpoch(epoch)) return 'since.epoch must be a string of 1 to 32 lower-case letters and digits';
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return 'since.seq must be a non-negative integer';
  return { epoch, seq };
}
