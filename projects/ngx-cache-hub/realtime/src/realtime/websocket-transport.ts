import { defer, finalize, type Observable } from 'rxjs';
import { webSocket, type WebSocketSubject } from 'rxjs/webSocket';
import type { ClientFrame } from './protocol';
import type { RealtimeTransport, TransportSession } from './realtime-transport';
import { withQuery } from './with-query';

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
   * URL, where proxies and access logs may keep it: e.g. `(token) => 'bearer.' + token`. Give
   * `protocol` too, for the server to answer with. Default: the token goes in the URL.
   */
  readonly tokenProtocol?: (token: string) => string;
  /** The WebSocket constructor; tests pass mock-socket's. Default: the global `WebSocket`, read on connect. */
  readonly WebSocketCtor?: { new (url: string, protocols?: string | string[]): WebSocket };
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

  return {
    duplex: true,
    connect(session: TransportSession): Observable<unknown> {
      return defer(() => {
        const { token } = session;
        const inProtocol = token !== undefined && options.tokenProtocol !== undefined;
        const current = webSocket<unknown>({
          url: inProtocol ? options.url : withQuery(options.url, { [options.tokenParam ?? 'token']: token }),
          protocol: inProtocol ? [options.protocol ?? []].flat().concat(options.tokenProtocol!(token)) : options.protocol,
          WebSocketCtor: options.WebSocketCtor,
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
