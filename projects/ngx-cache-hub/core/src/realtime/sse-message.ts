/**
 * One Server-Sent Event as the SSE transports hand it on: `data` parsed as JSON (or the raw text
 * when it is not JSON), the event's name (`'message'` when it had none) and the stream's last
 * `id:`. Without `mapMessage` only unnamed events are read, as protocol frames; with it, the
 * mapper gets `data` and `{ id, event }`.
 */
export class SseMessage {
  constructor(
    readonly event: string,
    readonly data: unknown,
    readonly id?: string,
  ) {}
}

/** Builds an SseMessage from an event's name, text data and id. */
export function toSseMessage(event: string, data: string, id?: string): SseMessage {
  try {
    return new SseMessage(event, JSON.parse(data), id);
  } catch {
    return new SseMessage(event, data, id);
  }
}

/** What an SSE transport emits for a `: comment` line: the stream is alive, nothing to read. */
export const SSE_HEARTBEAT: unique symbol = Symbol('sse heartbeat');
