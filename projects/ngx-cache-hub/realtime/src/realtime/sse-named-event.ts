/**
 * A named Server-Sent Event (`event: stock_updated`), as the SSE transports hand it on when its
 * name is in their `events` option: `data` is the event's data parsed as JSON, or the raw text
 * when it is not JSON. Turn it into protocol frames with `mapMessage`.
 */
export interface SseNamedEvent {
  readonly event: string;
  readonly data: unknown;
}

/** Wraps the data of a named event for `mapMessage`. */
export function toSseNamedEvent(event: string, data: string): SseNamedEvent {
  try {
    return { event, data: JSON.parse(data) };
  } catch {
    return { event, data };
  }
}
