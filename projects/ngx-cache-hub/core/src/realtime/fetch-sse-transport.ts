import { Observable } from 'rxjs';
import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import type { RealtimeTransport, TransportSession } from './realtime-transport';
import { SseDecoder } from './sse-decoder';
import { SSE_HEARTBEAT, toSseMessage } from './sse-message';
import { toTransportError } from './to-transport-error';
import { withQuery } from './with-query';

declare const ngDevMode: boolean | undefined;

/** Options of {@link fetchSseTransport}. */
export interface FetchSseTransportOptions {
  /** The stream URL; the transport adds a `types` query parameter. */
  readonly url: string;
  /** Named events (`event: stock_updated`) to receive besides unnamed ones, as `{ event, data }` for `mapMessage`. Default: none. */
  readonly events?: readonly string[];
  /** Extra request headers, e.g. an API version. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Fetch's `credentials`. Default: fetch's own default (`'same-origin'`). */
  readonly credentials?: RequestCredentials;
  /** The fetch function; tests pass a fake. Default: the global `fetch`, read on connect. */
  readonly fetch?: typeof fetch;
}

/**
 * A one-way transport that reads Server-Sent Events with `fetch` and a stream parser, so it can
 * send what `EventSource` cannot: `Authorization: Bearer <token>` and `Last-Event-ID: <seq>`.
 * Unnamed events (`event: message`) are frames; named ones listed in `events` go to `mapMessage`.
 *
 * @example
 * new RealtimeClient({
 *   transport: fetchSseTransport({ url: '/api/events' }),
 *   tokenProvider: () => auth.accessToken(),
 * });
 */
export function fetchSseTransport(options: FetchSseTransportOptions): RealtimeTransport {
  return {
    duplex: false,
    connect(session: TransportSession): Observable<unknown> {
      return new Observable<unknown>((subscriber) => {
        const abort = new AbortController();
        let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

        const read = async () => {
          const fetchFn = options.fetch ?? globalThis.fetch;
          const response = await fetchFn(withQuery(options.url, { types: session.entityTypes.join(',') }), {
            headers: {
              ...options.headers,
              Accept: 'text/event-stream',
              ...(session.token === undefined ? {} : { Authorization: `Bearer ${session.token}` }),
              ...(session.lastEventId === undefined ? {} : { 'Last-Event-ID': session.lastEventId }),
            },
            credentials: options.credentials,
            cache: 'no-store',
            signal: abort.signal,
          });
          if (!response.ok || !response.body) {
            throw new CacheHubError(
              204 satisfies CacheHubErrorCode.TransportFailed,
              (typeof ngDevMode === 'undefined' || ngDevMode) &&
                `The SSE stream at ${options.url} answered ${response.status} ${response.statusText}`.trim() + '. It is reopened with backoff; check the URL and the token.',
            );
          }
          session.opened();
          reader = response.body.getReader();
          const text = new TextDecoder();
          const sse = new SseDecoder();
          for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
            for (const event of sse.push(text.decode(chunk.value, { stream: true }))) {
              if (event.comment) {
                subscriber.next(SSE_HEARTBEAT);
              } else if (event.event === 'message' || options.events?.includes(event.event)) {
                subscriber.next(toSseMessage(event.event, event.data, event.id));
              }
            }
          }
          subscriber.complete();
        };

        read().catch((error: unknown) => {
          if (!abort.signal.aborted) {
            subscriber.error(toTransportError(error, (typeof ngDevMode === 'undefined' || ngDevMode) && `The SSE stream at ${options.url}`));
          }
        });
        return () => {
          abort.abort();
          reader?.cancel().catch(() => undefined);
        };
      });
    },
    send(): void {
      // One-way: subscriptions travel in the request of the next connection.
    },
  };
}
