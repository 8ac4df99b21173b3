import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authenticate, DEMO_TOKENS } from './auth';
import type { CommandBus } from './command-bus';
import { DurableBus } from './durable/durable-bus';
import { ForeignFeed } from './foreign/foreign-feed';
import { openDataDir } from './durable/open-data-dir';
import { LocalBus } from './local-bus';
import { RedisBus } from './redis-bus';
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
import type { LiveServerSnapshot } from './live-server-snapshot';
import { LiveStore, type StoreSnapshot } from './store/live-store';
import { ConnectionLimiter } from './stream/connection-limiter';
import { EventHub, type EventHubSnapshot } from './stream/event-hub';
import { rejectUpgrade } from './stream/reject-upgrade';
import { createSseEndpoint } from './stream/sse-endpoint';
import { formatPosition, POSITION_HEADER } from './stream/stream-position';
import { createWsEndpoint } from './stream/ws-endpoint';

/** The seed-style feed's paths and which of its two feeds each serves. */
const FOREIGN_FEEDS: Readonly<Record<string, 'public' | 'user'>> = { '/api/realtime/events': 'public', '/api/realtime/events/user': 'user' };

/** Options of {@link createLiveServer}. */
export interface LiveServerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Seed of the demo data. Default 42. */
  seed?: number;
  /** Simulator rate in events per second; 0 (the default) leaves it stopped. */
  simRate?: number;
  /** Seed of the simulator's choices. Default 1. */
  simSeed?: number;
  /** Events retained for replay (`since`, Last-Event-ID, polling). Default 1 000. */
  historySize?: number;
  /** Interval of PING frames on WebSocket and SSE streams. Default 15 000 ms. */
  pingIntervalMs?: number;
  /** Open WebSocket + SSE connections allowed per signed-in user. Default 5. */
  maxConnectionsPerUser?: number;
  /** Bearer tokens and their users. Default `demo-alice` -> alice, `demo-bob` -> bob. */
  tokens?: Readonly<Record<string, string>>;
  /** With a Redis URL, processes sharing `redisPrefix` serve one stream (see RedisBus). */
  redisUrl?: string;
  /** Prefix of the Redis keys. Default `ngx-cache-hub:live`. */
  redisPrefix?: string;
  /** Commands the Redis log keeps (older ones are trimmed; a snapshot in Redis covers them). Default 200 000. */
  redisLogSize?: number;
  /** Idempotency keys remembered. Default 10 000. */
  idempotencyCacheSize?: number;
  /** Delivered or cancelled orders kept per user before the oldest are archived. Default 200. */
  maxSettledOrdersPerUser?: number;
  /** Start from this state (see `LiveServer.snapshot()`), e.g. to restart on the same data; kept in memory only. */
  snapshot?: LiveServerSnapshot;
  /**
   * Durable mode: every command is fsynced to `<dataDir>/commands.jsonl` before it is applied
   * and answered, compacted into `<dataDir>/snapshot.json`; a restart continues the epoch. Not with Redis.
   */
  dataDir?: string;
  /** Durable mode: how long a command waits to share an fsync with others. Default 2 ms. */
  groupCommitMs?: number;
  /** Durable mode: commands logged between two compactions into the snapshot. Default 10 000. */
  compactEvery?: number;
  /** Interval of `: heartbeat` comments on the foreign feed (`/api/realtime/events`). Default 30 000 ms. */
  foreignHeartbeatMs?: number;
  /** Where start-up notes (replayed commands, a dropped torn line) go. Default `console.log`. */
  log?: (message: string) => void;
  /** Clock stamping changes (epoch ms). Default `Date.now`. */
  now?: () => number;
}

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
  if ([options.redisUrl, options.dataDir, options.snapshot].filter((source) => source !== undefined).length > 1) {
    throw new Error('ngx-cache-hub live-server: choose one source of state: REDIS_URL, DATA_DIR or a snapshot.');
  }
  const seed = options.seed ?? 42;
  const tokens = options.tokens ?? DEMO_TOKENS;
  const now = options.now ?? Date.now;
  const createState = (initial?: { store: StoreSnapshot; hub: EventHubSnapshot }) => ({
    store: new LiveStore({ seed, idempotencyCacheSize: options.idempotencyCacheSize, snapshot: initial?.store, maxSettledOrdersPerUser: options.maxSettledOrdersPerUser }),
    hub: new EventHub(options.historySize ?? 1000, initial?.hub),
  });
  let store: LiveStore;
  let hub: EventHub;
  let bus: CommandBus;
  if (options.dataDir) {
    const log = options.log ?? console.log;
    const opened = openDataDir(options.dataDir, createState, log);
    ({ store, hub } = opened);
    log(`ngx-cache-hub live server: durable data in ${options.dataDir} (epoch ${hub.epoch}, seq ${hub.latestSeq}, ${opened.replayed} commands replayed from the log)`);
    bus = await DurableBus.open(opened, { groupCommitMs: options.groupCommitMs, compactEvery: options.compactEvery });
  } else {
    ({ store, hub } = createState(options.snapshot));
    bus = options.redisUrl
      ? await RedisBus.connect({ url: options.redisUrl, prefix: options.redisPrefix, logSize: options.redisLogSize, store, hub, seed })
      : new LocalBus(store, hub);
  }
  const sim = new Simulator({ store, submit: (command) => bus.submit(command), seed: options.simSeed, now });

  const limiter = new ConnectionLimiter(options.maxConnectionsPerUser ?? 5);
  const streamOptions = { hub, limiter, tokens, pingIntervalMs: options.pingIntervalMs };
  const ws = createWsEndpoint(streamOptions);
  const sse = createSseEndpoint(streamOptions);

  const foreign = new ForeignFeed({ hub, store, limiter, tokens, heartbeatMs: options.foreignHeartbeatMs, historySize: options.historySize, now });
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
  try {
    return new URL(raw ?? '/', 'http://live-server');
  } catch {
    throw new HttpError(400, 'malformed request URL');
  }
}
