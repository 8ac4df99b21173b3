import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { authenticate, WS_PROTOCOL } from '../auth';
import type { ConnectionLimiter } from './connection-limiter';
import { parseClientFrame } from './client-frame';
import type { EventHub } from './event-hub';
import { errorFrame } from './frames';
import { rejectUpgrade } from './reject-upgrade';
import { StreamSession } from './stream-session';

/** Largest client frame accepted; bigger ones close the socket with code 1009. */
const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/** Options of {@link createWsEndpoint}. */
export interface WsEndpointOptions {
  hub: EventHub;
  limiter: ConnectionLimiter;
  tokens: Readonly<Record<string, string>>;
  /** Interval of PING frames; a connection that answered nothing for a whole interval is dropped. Default 15 000 ms. */
  pingIntervalMs?: number;
  /** A connection whose unsent data exceeds this is dropped (it resumes with `since`). Default 4 MiB. */
  maxBufferedBytes?: number;
}

/** The `/ws` endpoint: call `handleUpgrade` from the HTTP server's `upgrade` event. */
export interface WsEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void;
  /** Number of open connections. */
  readonly connectionCount: number;
  /** Closes every connection with 1012 (service restart) so clients reconnect and resume with `since`. */
  dropAll(): void;
  /** Closes every connection (code 1001) and stops the heartbeat. */
  close(): Promise<void>;
}

interface Connection {
  session: StreamSession;
  alive: boolean;
}

/**
 * The WebSocket stream: `?token=`, a `bearer.<token>` sub-protocol next to `ngx-cache-hub`, or an
 * Authorization header picks the user, 401 for a bad
 * token, 429 above the per-user connection limit. Clients send SUBSCRIBE / UNSUBSCRIBE / PONG;
 * anything else gets an ERROR frame and the connection stays open.
 */
export function createWsEndpoint(options: WsEndpointOptions): WsEndpoint {
  const { hub, limiter, tokens } = options;
  const maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_CLIENT_FRAME_BYTES,
    perMessageDeflate: false,
    // Answer with our protocol, never with the token one (that would echo the token).
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const connections = new Map<WebSocket, Connection>();

  const heartbeat = setInterval(() => {
    for (const [socket, connection] of connections) {
      if (!connection.alive) {
        socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.session.ping();
      socket.ping();
    }
  }, options.pingIntervalMs ?? 15_000);
  heartbeat.unref();

  function accept(socket: WebSocket, userId: string | null, release: () => void): void {
    const session = new StreamSession(hub, userId, (json) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      if (socket.bufferedAmount > maxBufferedBytes) {
        socket.terminate();
        return;
      }
      socket.send(json);
    });
    const connection: Connection = { session, alive: true };
    connections.set(socket, connection);
    const reply = (message: string) => socket.send(JSON.stringify(errorFrame(message)));

    socket.on('pong', () => (connection.alive = true));
    socket.on('message', (data: RawData, isBinary: boolean) => {
      connection.alive = true;
      if (isBinary) return reply('binary frames are not supported; send JSON text frames');
      const parsed = parseClientFrame(rawText(data), hub.epoch);
      if (!parsed.ok) return reply(parsed.message);
      const frame = parsed.frame;
      if (frame.type === 'SUBSCRIBE') session.subscribe([frame.entityType], frame.since);
      else if (frame.type === 'UNSUBSCRIBE') session.unsubscribe(frame.entityType);
    });
    // Errors (oversized frame, invalid UTF-8, reset) are followed by 'close'; listening keeps them from crashing the process.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      session.close();
      connections.delete(socket);
      release();
    });
  }

  return {
    handleUpgrade(req, socket, head, url) {
      socket.on('error', () => socket.destroy());
      const auth = authenticate(req, url, tokens);
      if (!auth.ok) return rejectUpgrade(socket, 401, auth.error);
      if (limiter.isFull(auth.userId)) {
        return rejectUpgrade(socket, 429, `too many stream connections for user ${auth.userId} (limit ${limiter.maxPerUser})`);
      }
      // The slot is taken only once the handshake succeeded, so a failed handshake leaks nothing.
      server.handleUpgrade(req, socket, head, (ws) => {
        const release = limiter.acquire(auth.userId);
        if (release) accept(ws, auth.userId, release);
        else ws.close(1013, 'too many stream connections');
      });
    },
    get connectionCount() {
      return connections.size;
    },
    dropAll() {
      for (const socket of connections.keys()) socket.close(1012, 'the server state was reset: reconnect and resume');
    },
    async close() {
      clearInterval(heartbeat);
      const closing = [...connections.keys()].map(
        (socket) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => {
              socket.terminate();
              resolve();
            }, 250);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            socket.close(1001, 'server is shutting down');
          }),
      );
      await Promise.all(closing);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
