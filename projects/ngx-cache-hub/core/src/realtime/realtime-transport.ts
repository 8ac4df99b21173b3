import type { Observable } from 'rxjs';
import type { ClientFrame } from './protocol';

/**
 * What a transport needs to open one connection. The client builds a new session for every
 * connection it opens, so a transport reads it once, when it connects.
 */
export interface TransportSession {
  /** The entity types with live subscribers. One-way transports put them in the URL (`types=a,b`). */
  readonly entityTypes: readonly string[];
  /** Where to resume (`epoch:seq`, or the last SSE id of a foreign stream): SSE sends it as `Last-Event-ID`, polling as `since`. */
  readonly lastEventId?: string;
  /** The token from the client's `tokenProvider`, fresh for this connection. */
  readonly token?: string;
  /** The transport calls this once the connection is open (socket open, stream answered, first poll answered). */
  opened(): void;
}

/**
 * One way of carrying the protocol between client and server. The client owns reconnects,
 * heartbeat, subscriptions and validation; a transport only opens a connection and moves frames.
 *
 * Two-way transports (`duplex: true`, WebSocket) receive `SUBSCRIBE`/`UNSUBSCRIBE`/`PONG` through
 * `send`. One-way transports (`duplex: false`: SSE, polling) express subscriptions through
 * `session.entityTypes` and `session.lastEventId`; the client opens a new connection when the set of
 * types changes and never calls their `send`.
 */
export interface RealtimeTransport {
  /** Whether `send` reaches the server. */
  readonly duplex: boolean;
  /**
   * Opens a connection when subscribed and closes it on unsubscribe. Emits raw incoming frames
   * (JSON strings or parsed values, not yet validated); completes when the server ends the
   * connection and errors when it fails. One connection per transport at a time.
   */
  connect(session: TransportSession): Observable<unknown>;
  /** Sends a frame on the open connection; dropped when there is none (the client re-subscribes on open). */
  send(frame: ClientFrame): void;
}

/** Builds a transport from its options, e.g. `webSocketTransport({ url })`. */
export type RealtimeTransportFactory<TOptions> = (options: TOptions) => RealtimeTransport;
