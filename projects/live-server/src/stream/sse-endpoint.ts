import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../auth';
import { HttpError } from '../rest/http-error';
import { entityTypesParam, positionParam } from '../rest/query-params';
import type { ConnectionLimiter } from './connection-limiter';
import type { EventHub } from './event-hub';
import { StreamSession } from './stream-session';

/** Options of {@link createSseEndpoint}. */
export interface SseEndpointOptions {
  hub: EventHub;
  limiter: ConnectionLimiter;
  tokens: Readonly<Record<string, string>>;
  /** Interval of the heartbeat (a `: heartbeat` comment and a PING frame). Default 15 000 ms. */
  pingIntervalMs?: number;
  /** A client whose unsent data exceeds this is dropped (it resumes with Last-Event-ID). Default 4 MiB. */
  maxBufferedBytes?: number;
  /** The `retry:` delay suggested to EventSource, in ms. Default 1 000. */
  retryMs?: number;
}

/** The `/sse` endpoint. */
export interface SseEndpoint {
  /** Serves `GET /sse`; throws {@link HttpError} before anything is written when the request is refused. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void;
  /** Number of open streams. */
  readonly connectionCount: number;
  /** Ends every stream; EventSource reconnects with Last-Event-ID. */
  dropAll(): void;
  /** Ends every stream and stops the heartbeat. */
  close(): void;
}

/**
 * Server-Sent Events: `GET /sse?types=products,orders` streams the same frames as the
 * WebSocket, each as `id: <epoch>:<seq>` + `data: <json>`. `Last-Event-ID` (or `?since=`,
 * `?lastEventId=`) follows the rules of SUBSCRIBE.since for every listed type: replay, then
 * SUBSCRIBED per type, or RESYNC_REQUIRED per type. Without a position: SUBSCRIBED per type.
 */
export function createSseEndpoint(options: SseEndpointOptions): SseEndpoint {
  const { hub, limiter, tokens } = options;
  const maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
  const open = new Map<ServerResponse, StreamSession>();

  const heartbeat = setInterval(() => {
    for (const [res, session] of open) {
      res.write(': heartbeat\n\n');
      session.ping();
    }
  }, options.pingIntervalMs ?? 15_000);
  heartbeat.unref();

  return {
    handle(req, res, url) {
      const auth = authenticate(req, url, tokens);
      if (!auth.ok) throw new HttpError(401, auth.error);
      const types = entityTypesParam(url.searchParams);
      const header = req.headers['last-event-id'];
      const since = positionParam((Array.isArray(header) ? header[0] : header) || url.searchParams.get('since') || url.searchParams.get('lastEventId'), 'Last-Event-ID', hub.epoch);
      const release = limiter.acquire(auth.userId);
      if (!release) throw new HttpError(429, `too many stream connections for user ${auth.userId} (limit ${limiter.maxPerUser})`);

      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write(`retry: ${options.retryMs ?? 1000}\n: connected\n\n`);
      const session = new StreamSession(hub, auth.userId, (json, id) => {
        if (res.writableLength > maxBufferedBytes) {
          res.destroy();
          return;
        }
        res.write(id === undefined ? `data: ${json}\n\n` : `id: ${id}\ndata: ${json}\n\n`);
      });
      open.set(res, session);
      const cleanUp = () => {
        session.close();
        open.delete(res);
        release();
      };
      res.on('close', cleanUp);
      res.on('error', cleanUp);
      session.subscribe(types, since);
    },
    get connectionCount() {
      return open.size;
    },
    dropAll() {
      for (const res of open.keys()) res.end();
    },
    close() {
      clearInterval(heartbeat);
      this.dropAll();
    },
  };
}
