import { Observable } from 'rxjs';
import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import type { RealtimeTransport, TransportSession } from './realtime-transport';
import { toTransportError } from './to-transport-error';
import { withQuery } from './with-query';

declare const ngDevMode: boolean | undefined;

/** Options of {@link pollingTransport}. */
export interface PollingTransportOptions {
  /** The polling endpoint; the transport adds `since` and `types` query parameters. */
  readonly url: string;
  /** Time between the end of one poll and the start of the next. Default `5000`. */
  readonly intervalMs?: number;
  /** The fetch function; tests pass a fake. Default: the global `fetch`, read on connect. */
  readonly fetch?: typeof fetch;
}

/** What the polling endpoint answers: the server's current seq and the frames after `since`. */
export interface PollingResponse {
  readonly seq?: number;
  /** The history `seq` counts in; with it, the next `since` is `epoch:seq`. */
  readonly epoch?: string;
  readonly frames: readonly unknown[];
}

/**
 * A one-way transport that polls `GET url?since=<epoch:seq>&types=a,b` every `intervalMs` and expects
 * `{ epoch, seq, frames: [] }`. Meant as the client's `fallback` while the primary transport is down.
 * The first poll starts at the session's `lastEventId`; each answer's `epoch:seq` is the next `since`.
 * The token, if any, is sent as `Authorization: Bearer <token>`.
 *
 * @example
 * new RealtimeClient({
 *   transport: webSocketTransport({ url: 'wss://api.example.com/live' }),
 *   fallback: pollingTransport({ url: '/api/events/poll', intervalMs: 10_000 }),
 * });
 */
export function pollingTransport(options: PollingTransportOptions): RealtimeTransport {
  const intervalMs = options.intervalMs ?? 5000;
  return {
    duplex: false,
    connect(session: TransportSession): Observable<unknown> {
      return new Observable<unknown>((subscriber) => {
        const abort = new AbortController();
        let since = session.lastEventId;
        let timer: ReturnType<typeof setTimeout> | undefined;
        let opened = false;

        const poll = async () => {
          const fetchFn = options.fetch ?? globalThis.fetch;
          const response = await fetchFn(withQuery(options.url, { since, types: session.entityTypes.join(',') }), {
            headers: {
              Accept: 'application/json',
              ...(session.token === undefined ? {} : { Authorization: `Bearer ${session.token}` }),
            },
            cache: 'no-store',
            signal: abort.signal,
          });
          if (!response.ok) {
            throw new CacheHubError(
              204 satisfies CacheHubErrorCode.TransportFailed,
              (typeof ngDevMode === 'undefined' || ngDevMode) && `Polling ${options.url} answered ${response.status}. It is retried with backoff.`,
            );
          }
          const body = readPollingResponse(await response.json());
          if (!opened) {
            opened = true;
            session.opened();
          }
          if (body.seq !== undefined) since = body.epoch === undefined ? String(body.seq) : `${body.epoch}:${body.seq}`;
          for (const frame of body.frames) {
            subscriber.next(frame);
          }
        };

        const loop = () => {
          poll().then(
            () => {
              if (!subscriber.closed) timer = setTimeout(loop, intervalMs);
            },
            (error: unknown) => {
              if (!abort.signal.aborted) subscriber.error(toTransportError(error, (typeof ngDevMode === 'undefined' || ngDevMode) && `Polling ${options.url}`));
            },
          );
        };
        loop();
        return () => {
          clearTimeout(timer);
          abort.abort();
        };
      });
    },
    send(): void {
      // One-way: subscriptions travel in the URL of the next poll.
    },
  };
}

function readPollingResponse(body: unknown): PollingResponse {
  const envelope = (typeof body === 'object' && body !== null ? body : {}) as Partial<PollingResponse>;
  const seqOk =
    (envelope.seq === undefined || (typeof envelope.seq === 'number' && Number.isFinite(envelope.seq))) && (envelope.epoch === undefined || typeof envelope.epoch === 'string');
  if (!Array.isArray(envelope.frames) || !seqOk) {
    throw new CacheHubError(
      202 satisfies CacheHubErrorCode.MalformedFrame,
      (typeof ngDevMode === 'undefined' || ngDevMode) && 'The polling endpoint answered something other than { seq, frames: [] }. Make it answer that shape.',
    );
  }
  return envelope as PollingResponse;
}
