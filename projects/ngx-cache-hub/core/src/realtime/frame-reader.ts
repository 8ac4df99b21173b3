import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { parseStreamPosition } from '../hub/stream-position';
import { decodeFrame } from './decode-frame';
import { parseServerFrame } from './parse-server-frame';
import type { ServerFrame } from './protocol';
import { SSE_HEARTBEAT, SseMessage } from './sse-message';

declare const ngDevMode: boolean | undefined;

/** What `mapMessage` learns about a message besides its data. */
export interface MessageMeta {
  /** The SSE `id:` of the message, if the transport has one. */
  readonly id?: string;
  /** The SSE event name (`'message'` for unnamed events), if the transport has one. */
  readonly event?: string;
  /**
   * The message's place in the stream: the number in its SSE id (`42`, or `epoch:42`), else a
   * counter of the messages this client received. Use it as the version of events that carry
   * none, so that later messages win (`version: meta.position`).
   */
  readonly position: number;
}

/**
 * Adapts another server's events to the protocol. Receives each incoming message (parsed JSON)
 * with its meta, before validation; returns a protocol frame, several, or `null`/`undefined` to
 * drop it. Mapped frames without a `seq` take the position of the message's SSE id.
 */
export type MessageMapper = (message: unknown, meta: MessageMeta) => unknown;

/** Decodes, maps and validates raw transport input into frames; each failure is reported and yields no frame. */
export class FrameReader {
  #received = 0;
  /** The id of the last SSE message read, to resume a foreign stream with `Last-Event-ID`. */
  lastId: string | undefined;

  constructor(
    private readonly mapMessage: MessageMapper | undefined,
    private readonly report: (error: CacheHubError) => void,
  ) {}

  read(raw: unknown): ServerFrame[] {
    if (raw === SSE_HEARTBEAT) return [];
    let values: readonly unknown[];
    const message = raw instanceof SseMessage ? raw : undefined;
    if (message?.id !== undefined) this.lastId = message.id;
    if (message && !this.mapMessage && message.event !== 'message') return [];
    try {
      values = this.#map(message ? message.data : decodeFrame(raw), message);
    } catch (error) {
      this.report(error as CacheHubError);
      return [];
    }
    const position = this.mapMessage && message?.id !== undefined ? idPosition(message.id) : undefined;
    return values.flatMap((value) => {
      try {
        const frame = parseServerFrame(value);
        return [position && frame.seq === undefined ? { ...frame, ...position } : frame];
      } catch (error) {
        this.report(error as CacheHubError);
        return [];
      }
    });
  }

  #map(value: unknown, message: SseMessage | undefined): readonly unknown[] {
    const { mapMessage } = this;
    this.#received++;
    if (!mapMessage) return [value];
    const meta: MessageMeta = { id: message?.id, event: message?.event, position: (message?.id !== undefined && idPosition(message.id)?.seq) || this.#received };
    let mapped: unknown;
    try {
      mapped = mapMessage(value, meta);
    } catch (cause) {
      throw invalidMapping((typeof ngDevMode === 'undefined' || ngDevMode) && `threw (${cause instanceof Error ? cause.message : String(cause)})`, cause);
    }
    const values = (Array.isArray(mapped) ? mapped : [mapped]).filter((frame) => frame !== null && frame !== undefined);
    const notAnObject = values.find((frame) => typeof frame !== 'object' || Array.isArray(frame));
    if (notAnObject !== undefined) {
      throw invalidMapping(
        (typeof ngDevMode === 'undefined' || ngDevMode) && `returned ${Array.isArray(notAnObject) ? 'a nested array' : typeof notAnObject} instead of frame objects`,
      );
    }
    return values;
  }
}

/** The stream position an SSE id names: `epoch:seq`, or a plain number. */
function idPosition(id: string): { seq: number; epoch?: string } | undefined {
  const seq = Number(id);
  if (id !== '' && Number.isSafeInteger(seq)) return { seq };
  return parseStreamPosition(id);
}

function invalidMapping(what: string | boolean, cause?: unknown): CacheHubError {
  return new CacheHubError(
    206 satisfies CacheHubErrorCode.InvalidMessageMapping,
    (typeof ngDevMode === 'undefined' || ngDevMode) && `mapMessage ${what}, so the message was dropped. Return a frame, an array of frames, or null for messages to ignore.`,
    cause === undefined ? undefined : { cause },
  );
}
