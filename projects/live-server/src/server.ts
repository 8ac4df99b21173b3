import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, DEMO_TOKENS } from './auth';
import { ForeignFeed } from './foreign/foreign-feed';
import type { LiveServerOptions } from './live-server-options';
import type { LiveServerSnapshot } from './live-server-snapshot';
import { openServerState } from './open-server-state';
import { applyCors } from './rest/cors';
import { addCustomerRoutes } from './rest/customer-routes';
import { HttpError } from './rest/http-error';
import { readJsonBody, sendJson } from './rest/http-json';
import { addOrderRoutes } from './rest/order-routes';
import { addProductRoutes } from './rest/product-routes';
import type { RouteDeps } from './rest/route-deps';
import { Router } from './rest/router';
import { addSystemRoutes } from './rest/system-routes';
import { Simulator } from './simulator';
import type { LiveStore } from './store/live-store';
import { ConnectionLimiter } from './stream/connection-limiter';
import type { EventHub } from './stream/event-hub';
import { rejectUpgrade } from './stream/reject-upgrade';
import { createSseEndpoint } from './stream/sse-endpoint';
import { formatPosition, POSITION_HEADER } from './stream/stream-position';
import { createWsEndpoint } from './stream/ws-endpoint';

export type { LiveServerOptions } from './live-server-options';

/** The seed-style feed's paths and which of its two feeds each serves. */
const FOREIGN_FEEDS: Readonly<Record<string, 'public' | 'user'>> = { '/api/realtime/events': 'public', '/api/realtime/events/user': 'user' };

/** A running server. */
export interface LiveServer {
  /** `http://host:port`; the WebSocket is at `ws://host:port/ws`. */
  url: string;
  port: number;
  store: LiveStore;
  hub: EventHub;
  sim: Simulator;
  /** The whole state, to start another server from (`options.snapshot`). */
  snapshot(): LiveServerSnapshot;
  /** Stops the simulator, closes every connection and the bus (in durable mode: writes the snapshot). */
  close(): Promise<void>;
}

/**
 * Starts the reference server: REST under `/api`, the WebSocket stream at `/ws`, SSE at `/sse`.
 *
 * @example
 * const server = await createLiveServer({ port: 0, simRate: 5 });
 * console.log(server.url); // http://127.0.0.1:41234
 * await server.close();
 */
export async function createLiveServer(options: LiveServerOptions = {}): Promise<LiveServer> {
  const tokens = options.tokens ?? DEMO_TOKENS;
  const now = options.now ?? Date.now;
  let reset = () => undefined as void;
  const { store, hub, bus } = await openServerState(options, () => reset());
  const sim = new Simulator({ store, submit: (command) => bus.submit(command), seed: options.simSeed, now });

  const limiter = new ConnectionLimiter(options.maxConnectionsPerUser ?? 5);
  const streamOptions = { hub, limiter, tokens, pingIntervalMs: options.pingIntervalMs };
  const ws = createWsEndpoint(streamOptions);
  const sse = createSseEndpoint(streamOptions);

  const foreign = new ForeignFeed({ hub, store, limiter, tokens, heartbeatMs: options.foreignHeartbeatMs, historySize: options.historySize, now });
  reset = () => {
    ws.dropAll();
    sse.dropAll();
    foreign.reset();
  };
  /** A process whose data may differ from the truth answers 503 everywhere but /api/health. */
  const refuseUnlessServing = () => {
    const readiness = bus.readiness();
    if (!readiness.serving) throw new HttpError(503, readiness.reason ?? 'this process is not serving');
  };
  const deps: RouteDeps = { store, hub, bus, sim, now };
  const router = new Router();
  addProductRoutes(router, deps);
  addOrderRoutes(router, deps);
  addCustomerRoutes(router, deps);
  addSystemRoutes(router, deps);

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    applyCors(res);
    try {
      const url = parseRequestUrl(req.url);
      const method = req.method ?? 'GET';
      if (method === 'OPTIONS') {
        res.writeHead(204).end();
        return;
      }
      if (url.pathname !== '/api/health') refuseUnlessServing();
      if (url.pathname === '/sse') {
        if (method !== 'GET') throw new HttpError(405, 'the SSE stream only answers GET', { Allow: 'GET, OPTIONS' });
        sse.handle(req, res, url);
        return;
      }
      if (url.pathname === '/ws') throw new HttpError(426, 'connect to /ws with a WebSocket');
      const foreignFeed = FOREIGN_FEEDS[url.pathname.replace(/\/$/, '')];
      if (foreignFeed !== undefined) {
        if (method !== 'GET') throw new HttpError(405, 'the event feed only answers GET', { Allow: 'GET, OPTIONS' });
        foreign.handle(req, res, url, foreignFeed === 'user');
        return;
      }
      const { handler, params } = router.match(method, url.pathname);
      const auth = authenticate(req, url, tokens);
      if (!auth.ok) throw new HttpError(401, auth.error);
      let body: Promise<unknown> | undefined;
      const answer = handler({ req, url, params, userId: auth.userId, body: () => (body ??= readJsonBody(req)) });
      // A synchronous handler read its data now: that head is what the answer reflects.
      const headWhenRead = answer instanceof Promise ? undefined : hub.latestSeq;
      const result = await answer;
      const seq = result.seq ?? headWhenRead ?? hub.latestSeq;
      sendJson(res, result.status, result.body, { ...result.headers, [POSITION_HEADER]: formatPosition({ epoch: hub.epoch, seq }) });
    } catch (error) {
      const position = { [POSITION_HEADER]: formatPosition(hub.position) };
      if (res.headersSent) {
        res.destroy();
      } else if (error instanceof HttpError) {
        sendJson(res, error.status, { error: error.message }, { ...error.headers, ...position });
      } else {
        console.error('ngx-cache-hub live-server: request failed', error);
        sendJson(res, 500, { error: 'internal server error' }, position);
      }
    }
  }

  const server = createServer((req, res) => void handleRequest(req, res));
  server.on('upgrade', (req, socket, head) => {
    let url: URL;
    try {
      url = parseRequestUrl(req.url);
    } catch {
      return rejectUpgrade(socket, 400, 'malformed URL');
    }
    if (url.pathname !== '/ws') return rejectUpgrade(socket, 404, 'the WebSocket stream is at /ws');
    const readiness = bus.readiness();
    if (!readiness.serving) return rejectUpgrade(socket, 503, readiness.reason ?? 'this process is not serving');
    ws.handleUpgrade(req, socket, head, url);
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const snapshot = (): LiveServerSnapshot => ({ format: 1, store: store.snapshot(), hub: hub.snapshot() });

  sim.setRate(options.simRate ?? 0);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    hub,
    sim,
    snapshot,
    close() {
      closing ??= (async () => {
        sim.stop();
        sse.close();
        foreign.close();
        await ws.close();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await stopped;
        await bus.close();
      })();
      return closing;
    },
  };
}

function parseRequestUrl(raw: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(raw ?? '/', 'http://live-server');
  } catch {
    throw new HttpError(400, 'malformed request URL');
  }
  // URLSearchParams turns bytes that are not UTF-8 into U+FFFD, which could then match data: refuse them.
  for (const part of url.search.slice(1).split(/[&=]/)) {
    try {
      decodeURIComponent(part.replace(/\+/g, ' '));
    } catch {
      throw new HttpError(400, 'malformed percent-encoding (or bytes that are not UTF-8) in the query');
    }
  }
  return url;
}
