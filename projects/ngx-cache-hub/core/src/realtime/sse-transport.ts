import { Observable } from 'rxjs';
import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import type { RealtimeTransport, TransportSession } from './realtime-transport';
import { toSseMessage } from './sse-message';
import { withQuery } from './with-query';

declare const ngDevMode: boolean | undefined;

/** The part of `EventSource` the SSE transport uses. */
export interface EventSourceLike {
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  /** Needed only for the `events` option. */
  addEventListener?(type: string, listener: (event: MessageEvent) => void): void;
  removeEventListener?(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

/** EventSource's own events: never named events of the stream (`message` is the unnamed one). */
const EVENT_SOURCE_EVENTS: ReadonlySet<string> = new Set(['message', 'open', 'error']);

/** Options of {@link sseTransport}. */
export interface SseTransportOptions {
  /** The stream URL; the transport adds `types`, `lastEventId` and `token` query parameters. */
  readonly url: string;
  /** Sends cookies cross-origin. Default `false`. */
  readonly withCredentials?: boolean;
  /** The query parameter that carries the session's token. Default `'token'`. */
  readonly tokenParam?: string;
  /**
   * Named events (`event: stock_updated`) to receive besides unnamed ones. Each arrives at
   * `mapMessage` with its name in `meta.event` (see `SseMessage`). Default: none; EventSource drops the rest.
   */
  readonly events?: readonly string[];
  /** The EventSource constructor; tests pass a fake. Default: the global `EventSource`, read on connect. */
  readonly EventSourceCtor?: new (url: string, init?: EventSourceInit) => EventSourceLike;
}

/**
 * A one-way transport over Server-Sent Events (`EventSource`). EventSource cannot send headers,
 * so the subscribed types, the last seq and the token travel in the URL:
 * `url?types=a,b&lastEventId=42&token=...`. The browser's own retry is cut short: any error
 * closes the source and ends the connection, and the client reconnects with its backoff.
 *
 * @example
 * new RealtimeClient({ transport: sseTransport({ url: '/api/events' }) });
 */
export function sseTransport(options: SseTransportOptions): RealtimeTransport {
  return {
    duplex: false,
    connect(session: TransportSession): Observable<unknown> {
      return new Observable<unknown>((subscriber) => {
        const EventSourceCtor = options.EventSourceCtor ?? (globalThis.EventSource as SseTransportOptions['EventSourceCtor']);
        if (!EventSourceCtor) {
          subscriber.error(
            new CacheHubError(
              204 satisfies CacheHubErrorCode.TransportFailed,
              (typeof ngDevMode === 'undefined' || ngDevMode) &&
                'EventSource is not available here (server rendering or an old browser). Pass EventSourceCtor, or use fetchSseTransport or pollingTransport.',
            ),
          );
          return undefined;
        }
        const source = new EventSourceCtor(
          withQuery(options.url, {
            types: session.entityTypes.join(','),
            lastEventId: session.lastEventId,
            [options.tokenParam ?? 'token']: session.token,
          }),
          { withCredentials: options.withCredentials ?? false },
        );
        source.onopen = () => session.opened();
        source.onmessage = (event) => subscriber.next(toSseMessage('message', event.data, event.lastEventId || undefined));
        const named = (event: MessageEvent) => subscriber.next(toSseMessage(event.type, event.data, event.lastEventId || undefined));
        const names = (options.events ?? []).filter((name) => !EVENT_SOURCE_EVENTS.has(name));
        for (const name of names) source.addEventListener?.(name, named);
        source.onerror = () =>
          subscriber.error(
            new CacheHubError(
              204 satisfies CacheHubErrorCode.TransportFailed,
              (typeof ngDevMode === 'undefined' || ngDevMode) && `The SSE stream at ${options.url} failed or closed. It is reopened with backoff.`,
            ),
          );
        return () => {
          source.onopen = source.onmessage = source.onerror = null;
          for (const name of names) source.removeEventListener?.(name, named);
          source.close();
        };
      });
    },
    send(): void {
      // One-way: subscriptions travel in the URL of the next connection.
    },
  };
}
