import { defer, finalize, type Observable, throwError } from 'rxjs';
import { webSocket, type WebSocketSubject, type WebSocketSubjectConfig } from 'rxjs/webSocket';
import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import type { ClientFrame } from './protocol';
import type { RealtimeTransport, TransportSession } from './realtime-transport';
import { withQuery } from './with-query';

declare const ngDevMode: boolean | undefined;

/** What a WebSocket sub-protocol may hold: the token characters of RFC 7230. */
const SUB_PROTOCOL = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Options of {@link webSocketTransport}. */
export interface WebSocketTransportOptions {
  /** The socket URL, e.g. `wss://api.example.com/live`. */
  readonly url: string;
  /** The query parameter that carries the session's token. Default `'token'`. */
  readonly tokenParam?: string;
  /** Sub-protocols for the WebSocket handshake; the server answers with the one it speaks. Default: none. */
  readonly protocol?: string | string[];
  /**
   * Sends the session's token as one more sub-protocol, made by this function, instead of in the
   * URL, where proxies and access logs may keep it: e.g. `(token) => 'bearer.' + token`. Needs
   * `protocol`, for the server to answer with (browsers refuse a server that answers with none),
   * and a token a sub-protocol can hold (JWT or base64url: no `/`, `=` or spaces). Default: the
   * token goes in the URL.
   */
  readonly tokenProtocol?: (token: string) => string;
  /**
   * The WebSocket constructor: mock-socket's in tests, the `ws` package's in Node before 22 (which
   * has no global `WebSocket`). Anything with the browser's WebSocket API works. Default: the global
   * `WebSocket`, read on connect.
   */
  readonly WebSocketCtor?: new (url: string, protocols?: string | string[]) => unknown;
}

/**
 * A two-way transport over a WebSocket (RxJS `webSocket`). The token from the client's
 * `tokenProvider`, if any, is read fresh for every connection and goes in the URL (`?token=...`),
 * or in a sub-protocol with `tokenProtocol`.
 * Incoming frames are passed on as raw strings so that invalid JSON is reported, not fatal.
 *
 * @example
 * new RealtimeClient({ transport: webSocketTransport({ url: 'wss://api.example.com/live' }) });
 */
export function webSocketTransport(options: WebSocketTransportOptions): RealtimeTransport {
  let socket: WebSocketSubject<unknown> | undefined;
  if (options.tokenProtocol && !options.protocol) {
    throw new CacheHubError(
      104 satisfies CacheHubErrorCode.InvalidOption,
      (typeof ngDevMode === 'undefined' || ngDevMode) &&
        "webSocketTransport's tokenProtocol needs protocol too: the server must answer with a sub-protocol other than the token's. Add protocol: 'ngx-cache-hub' (or your server's)",
    );
  }

  return {
    duplex: true,
    connect(session: TransportSession): Observable<unknown> {
      return defer(() => {
        const { token } = session;
        const tokenProtocol = token !== undefined ? options.tokenProtocol?.(token) : undefined;
        if (tokenProtocol !== undefined && !SUB_PROTOCOL.test(tokenProtocol)) {
          return throwError(
            () =>
              new CacheHubError(
                204 satisfies CacheHubErrorCode.TransportFailed,
                (typeof ngDevMode === 'undefined' || ngDevMode) &&
                  'The sub-protocol made from the token has characters a sub-protocol cannot hold (such as / = or spaces). Make tokenProtocol encode it (base64url)',
              ),
          );
        }
        if (!options.WebSocketCtor && typeof globalThis.WebSocket !== 'function') {
          return throwError(
            () =>
              new CacheHubError(
                204 satisfies CacheHubErrorCode.TransportFailed,
                (typeof ngDevMode === 'undefined' || ngDevMode) &&
                  "WebSocket is not available here (Node before 22, or server rendering). Pass WebSocketCtor (for example the ws package's WebSocket), or use pollingTransport.",
              ),
          );
        }
        const current = webSocket<unknown>({
          url: tokenProtocol !== undefined ? options.url : withQuery(options.url, { [options.tokenParam ?? 'token']: token }),
          protocol: tokenProtocol !== undefined ? [options.protocol ?? []].flat().concat(tokenProtocol) : options.protocol,
          WebSocketCtor: options.WebSocketCtor as WebSocketSubjectConfig<unknown>['WebSocketCtor'],
          deserializer: (event) => event.data,
          openObserver: { next: () => session.opened() },
        });
        socket = current;
        return current.pipe(
          finalize(() => {
            if (socket === current) socket = undefined;
          }),
        );
      });
    },
    send(frame: ClientFrame): void {
      socket?.next(frame);
    },
  };
}
