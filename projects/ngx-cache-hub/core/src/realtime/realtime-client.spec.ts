import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket';
import { BehaviorSubject, Observable, type Subscription } from 'rxjs';
import { CacheHubError, CacheHubErrorCode } from '../hub/cache-hub-error';
import { pollingTransport } from './polling-transport';
import type { ClientFrame, ConnectionStatus, EntityEventFrame } from './protocol';
import type { MessageMeta } from './frame-reader';
import { SSE_HEARTBEAT } from './sse-message';
import { RealtimeClient, type RealtimeClientOptions } from './realtime-client';
import type { RealtimeTransport, TransportSession } from './realtime-transport';
import { sseTransport } from './sse-transport';
import { FakeEventSource } from './testing-internal/fake-event-source';
import { fakeFetch, jsonResponse } from './testing-internal/fake-fetch';
import { webSocketTransport } from './websocket-transport';

const URL = 'ws://localhost:8383/live';
const HEARTBEAT_MS = 10_000;
const POLL_MS = 2_000;
/** With `random: () => 0.5` every reconnect waits half the backoff cap: 500, 1000, 2000, ... 15000 ms. */
const HALF = () => 0.5;
const FIRST_RECONNECT_MS = 500;

const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);
/** mock-socket opens, delivers client frames and closes after 4 ms. */
const letSocketsSettle = () => elapse(10);
const waitForReconnect = (ms = FIRST_RECONNECT_MS) => elapse(ms);

const updated = (entityType: string, entityId: number, version: number, seq?: number) => ({
  type: 'ENTITY_UPDATED',
  ...(seq === undefined ? {} : { epoch: 'e1', seq }),
  data: { entityType, entityId, changes: { version }, version },
});

describe('RealtimeClient', () => {
  let server: Server;
  let sockets: Client[];
  let received: ClientFrame[];
  let client: RealtimeClient;
  let statuses: ConnectionStatus[];
  let errors: CacheHubError[];
  let resyncs: string[];
  let watching: Subscription[];

  const startServer = () => {
    server = new Server(URL);
    server.on('connection', (socket) => {
      sockets.push(socket);
      socket.on('message', (data) => received.push(JSON.parse(String(data))));
    });
  };
  /** The server goes away: open sockets close uncleanly and new connections fail. */
  const crashServer = () => server.close({ code: 1006, reason: 'gone', wasClean: false });
  const liveSocket = () => sockets[sockets.length - 1];
  const push = (frame: object | string) => liveSocket().send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  const openSockets = () => server.clients().length;

  const createClient = (options: Partial<RealtimeClientOptions> = {}) => {
    client = new RealtimeClient({
      transport: webSocketTransport({ url: URL, WebSocketCtor: MockWebSocket as unknown as typeof WebSocket }),
      heartbeatTimeoutMs: HEARTBEAT_MS,
      random: HALF,
      ...options,
    });
    watching.push(
      client.status$.subscribe((status) => statuses.push(status)),
      client.errors$.subscribe((error) => errors.push(error)),
      client.acks$.subscribe((ack) => ack.resync && resyncs.push(ack.entityType)),
    );
    return client;
  };
  const listen = (entityType: string) => {
    const frames: EntityEventFrame[] = [];
    const subscription = client.subscribe(entityType).subscribe((frame) => frames.push(frame));
    watching.push(subscription);
    return { frames, subscription };
  };

  beforeEach(() => {
    jest.useFakeTimers();
    sockets = [];
    received = [];
    statuses = [];
    errors = [];
    resyncs = [];
    watching = [];
    FakeEventSource.instances = [];
    startServer();
  });

  afterEach(() => {
    client?.close();
    watching.forEach((subscription) => subscription.unsubscribe());
    server.stop();
    jest.useRealTimers();
  });

  describe('connecting', () => {
    it('refuses reconnect options that would retry at once (a negative base) when created, with InvalidOption', () => {
      const transport: RealtimeTransport = { duplex: true, connect: () => new Observable(), send: () => undefined };
      expect(() => new RealtimeClient({ transport, reconnect: { baseMs: -5 } })).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidOption }));
    });

    it('stays disconnected and opens nothing until the first subscription', async () => {
      createClient();
      await letSocketsSettle();
      expect(client.status).toBe('disconnected');
      expect(openSockets()).toBe(0);
    });

    it('opens the connection on the first subscription and sends SUBSCRIBE once it is open', async () => {
      createClient();
      listen('product');
      expect(client.status).toBe('connecting');
      await letSocketsSettle();
      expect(statuses).toEqual(['disconnected', 'connecting', 'connected']);
      expect(openSockets()).toBe(1);
      expect(received).toEqual([{ type: 'SUBSCRIBE', entityType: 'product' }]);
    });

    it('opens the connection on connect() without any subscription, until close()', async () => {
      createClient();
      client.connect();
      await letSocketsSettle();
      expect(client.status).toBe('connected');
      client.close();
      await letSocketsSettle();
      expect(openSockets()).toBe(0);
      expect(client.status).toBe('disconnected');
    });

    it('puts a fresh token from an async tokenProvider in the socket URL of every connection', async () => {
      let issued = 0;
      createClient({ tokenProvider: async () => `t${++issued}` });
      listen('product');
      await letSocketsSettle();
      crashServer();
      startServer();
      await waitForReconnect();
      await letSocketsSettle();
      expect(sockets.map((socket) => socket.url)).toEqual([`${URL}?token=t1`, `${URL}?token=t2`]);
    });

    it('reports a failing tokenProvider on errors$ and retries with backoff', async () => {
      const tokenProvider = jest.fn().mockRejectedValueOnce(new Error('login expired')).mockResolvedValue('ok');
      createClient({ tokenProvider });
      listen('product');
      await letSocketsSettle();
      expect(errors[0]).toMatchObject({ code: CacheHubErrorCode.TransportFailed, message: expect.stringMatching(/login expired/) });
      expect(client.status).toBe('disconnected');
      await waitForReconnect();
      await letSocketsSettle();
      expect(client.status).toBe('connected');
      expect(liveSocket().url).toBe(`${URL}?token=ok`);
    });
  });

  describe('ref-counted subscriptions', () => {
    it('sends SUBSCRIBE for the first subscriber of a type and UNSUBSCRIBE after its last one leaves', async () => {
      createClient();
      const first = listen('product');
      listen('order');
      await letSocketsSettle();
      const second = listen('product');
      await letSocketsSettle();
      first.subscription.unsubscribe();
      await letSocketsSettle();
      expect(received).toEqual([
        { type: 'SUBSCRIBE', entityType: 'product' },
        { type: 'SUBSCRIBE', entityType: 'order' },
      ]);
      second.subscription.unsubscribe();
      await letSocketsSettle();
      expect(received.slice(2)).toEqual([{ type: 'UNSUBSCRIBE', entityType: 'product' }]);
      expect(openSockets()).toBe(1);
    });

    it('sends SUBSCRIBE right away for a type added while connected', async () => {
      createClient();
      listen('product');
      await letSocketsSettle();
      listen('order');
      await letSocketsSettle();
      expect(received).toEqual([
        { type: 'SUBSCRIBE', entityType: 'product' },
        { type: 'SUBSCRIBE', entityType: 'order' },
      ]);
    });

    it('closes the connection when the last subscription of all is gone', async () => {
      createClient();
      const { subscription } = listen('product');
      await letSocketsSettle();
      subscription.unsubscribe();
      await letSocketsSettle();
      expect(openSockets()).toBe(0);
      expect(client.status).toBe('disconnected');
    });

    it('delivers each type only its own events, and every event on events$', async () => {
      createClient();
      const products = listen('product');
      const orders = listen('order');
      const all: EntityEventFrame[] = [];
      watching.push(client.events$.subscribe((frame) => all.push(frame)));
      await letSocketsSettle();
      push(updated('product', 1, 2));
      push(updated('order', 9, 1));
      push(updated('product', 1, 3));
      expect(products.frames.map((f) => f.data.entityType)).toEqual(['product', 'product']);
      expect(orders.frames.map((f) => f.data.entityType)).toEqual(['order']);
      expect(all.map((f) => f.data.entityType)).toEqual(['product', 'order', 'product']);
    });
  });

  describe('reconnecting', () => {
    it('reconnects after the connection drops, once the backoff delay has passed', async () => {
      createClient();
      listen('product');
      await letSocketsSettle();
      crashServer();
      startServer();
      expect(client.status).toBe('disconnected');
      expect(errors[0].code).toBe(CacheHubErrorCode.TransportFailed);
      await elapse(FIRST_RECONNECT_MS - 1);
      expect(sockets).toHaveLength(1);
      await elapse(1);
      await letSocketsSettle();
      expect(sockets).toHaveLength(2);
      expect(client.status).toBe('connected');
    });

    it('waits longer after every failed attempt, up to maxDelayMs, with full jitter', async () => {
      const attempts: number[] = [];
      const refusing: RealtimeTransport = {
        duplex: true,
        connect: () =>
          new Observable((subscriber) => {
            attempts.push(Date.now());
            subscriber.error(new Error('refused'));
          }),
        send: () => undefined,
      };
      createClient({ transport: refusing, reconnect: { baseMs: 1000, maxMs: 8000 }, visible: () => false });
      listen('product');
      await elapse(60_000);
      const delays = attempts.slice(1).map((at, i) => at - attempts[i]);
      expect(delays.slice(0, 6)).toEqual([500, 1000, 2000, 4000, 4000, 4000]);
    });

    it('starts the backoff over after a connection opened', async () => {
      createClient();
      listen('product');
      await letSocketsSettle();
      crashServer();
      await waitForReconnect(500); // fails: no server
      await letSocketsSettle();
      await waitForReconnect(1000);
      expect(statuses.filter((s) => s === 'connecting')).toHaveLength(3);
      startServer();
      await waitForReconnect(2000);
      await letSocketsSettle();
      expect(client.status).toBe('connected');
      crashServer();
      startServer();
      await waitForReconnect(FIRST_RECONNECT_MS);
      await letSocketsSettle();
      expect(client.status).toBe('connected');
    });

    it('re-sends SUBSCRIBE for every live type since its own cursor, the newest position seen for it', async () => {
      createClient();
      listen('product');
      listen('order');
      listen('customer');
      await letSocketsSettle();
      push(updated('product', 1, 2, 5));
      push(updated('order', 3, 1, 6));
      push(updated('product', 1, 3, 7));
      push(updated('customer', 8, 1));
      crashServer();
      startServer();
      received = [];
      await waitForReconnect();
      await letSocketsSettle();
      expect(received).toEqual([
        { type: 'SUBSCRIBE', entityType: 'product', since: { epoch: 'e1', seq: 7 } },
        { type: 'SUBSCRIBE', entityType: 'order', since: { epoch: 'e1', seq: 6 } },
        { type: 'SUBSCRIBE', entityType: 'customer' },
      ]);
      expect(client.positionOf('order')).toEqual({ epoch: 'e1', seq: 6 });
      expect(resyncs).toEqual([]);
    });

    it('reports a subscription live when the server acknowledges it, with the position the stream starts at', async () => {
      createClient();
      const acks: unknown[] = [];
      watching.push(client.acks$.subscribe((ack) => acks.push(ack)));
      listen('product');
      await letSocketsSettle();
      expect(client.isLive('product')).toBe(false);
      push({ type: 'SUBSCRIBED', epoch: 'e1', seq: 40, data: { entityType: 'product' } });
      expect(acks).toEqual([{ entityType: 'product', position: { epoch: 'e1', seq: 40 }, resync: false }]);
      expect(client.isLive('product')).toBe(true);
      expect(client.positionOf('product')).toEqual({ epoch: 'e1', seq: 40 });
      crashServer();
      await elapse(0);
      expect(client.isLive('product')).toBe(false);
    });

    it('counts a subscription the server never acknowledges as live after subscribeAckTimeoutMs, without a position', async () => {
      createClient({ subscribeAckTimeoutMs: 3000 });
      const acks: unknown[] = [];
      watching.push(client.acks$.subscribe((ack) => acks.push(ack)));
      listen('product');
      await letSocketsSettle();
      await elapse(2990);
      expect(acks).toEqual([]);
      await elapse(10);
      expect(acks).toEqual([{ entityType: 'product', position: undefined, resync: false }]);
    });

    it('sends a type added while connected without since, as a fresh subscription', async () => {
      createClient();
      listen('product');
      await letSocketsSettle();
      push(updated('product', 1, 2, 5));
      listen('order');
      await letSocketsSettle();
      expect(received[received.length - 1]).toEqual({ type: 'SUBSCRIBE', entityType: 'order' });
    });

    it('drops frames whose seq was already seen in their epoch, but never a distinct late one', async () => {
      createClient();
      const { frames } = listen('product');
      await letSocketsSettle();
      push(updated('product', 1, 2, 5));
      push(updated('product', 1, 2, 5));
      push(updated('product', 1, 1, 4));
      push(updated('product', 1, 3, 6));
      expect(frames.map((f) => f.seq)).toEqual([5, 4, 6]);
      expect(client.duplicatesDropped).toBe(1);
    });

    it('keeps the cursor of a type nobody listens to any more, and resumes it when followed again', async () => {
      createClient();
      listen('order');
      const { subscription } = listen('product');
      await letSocketsSettle();
      push(updated('product', 1, 2, 5));
      subscription.unsubscribe();
      listen('product');
      await letSocketsSettle();
      expect(received[received.length - 1]).toEqual({ type: 'SUBSCRIBE', entityType: 'product', since: { epoch: 'e1', seq: 5 } });
    });

    it('reconnects at once when woken (online, focus, visible), without waiting for the backoff', async () => {
      const wake$ = new BehaviorSubject<void>(undefined);
      createClient({ wake$, reconnect: { baseMs: 60_000, maxMs: 60_000 }, visible: () => false });
      listen('product');
      await letSocketsSettle();
      crashServer();
      startServer();
      await elapse(1000);
      expect(client.status).toBe('disconnected');
      wake$.next();
      await letSocketsSettle();
      expect(client.status).toBe('connected');
    });

    it('caps the reconnect delay at visibleMaxDelayMs while the page is visible', async () => {
      createClient({ reconnect: { baseMs: 60_000, maxMs: 60_000 }, visibleMaxDelayMs: 4000, random: () => 0.999 });
      listen('product');
      await letSocketsSettle();
      crashServer();
      startServer();
      await elapse(3990);
      await letSocketsSettle();
      expect(client.status).toBe('connected');
    });
  });

  describe('heartbeat', () => {
    it('replaces a connection that stays silent for heartbeatTimeoutMs', async () => {
      createClient();
      listen('product');
      await letSocketsSettle();
      await elapse(HEARTBEAT_MS);
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.HeartbeatTimeout]);
      expect(client.status).toBe('disconnected');
      await waitForReconnect();
      await letSocketsSettle();
      expect(sockets).toHaveLength(2);
      expect(openSockets()).toBe(1);
      expect(client.status).toBe('connected');
    });

    it('keeps a connection that receives frames, answering each PING with a PONG', async () => {
      createClient();
      listen('product');
      await letSocketsSettle();
      for (let i = 1; i <= 5; i++) {
        await elapse(HEARTBEAT_MS / 2);
        push({ type: 'PING', seq: i });
      }
      await letSocketsSettle();
      expect(errors).toEqual([]);
      expect(sockets).toHaveLength(1);
      expect(received.filter((f) => f.type === 'PONG')).toEqual([1, 2, 3, 4, 5].map((seq) => ({ type: 'PONG', seq })));
    });

    it('counts malformed frames as signs of life too', async () => {
      createClient();
      listen('product');
      await elapse(HEARTBEAT_MS / 2);
      push('garbage');
      await elapse(HEARTBEAT_MS / 2);
      await elapse(HEARTBEAT_MS / 4);
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.MalformedFrame]);
    });

    it('can be turned off with heartbeatTimeoutMs: 0', async () => {
      createClient({ heartbeatTimeoutMs: 0 });
      listen('product');
      await letSocketsSettle();
      await elapse(10 * HEARTBEAT_MS);
      expect(errors).toEqual([]);
      expect(client.status).toBe('connected');
    });
  });

  describe('resync', () => {
    it('reports a RESYNC_REQUIRED on acks$ and resumes from its position, even a lower one of a new epoch', async () => {
      createClient();
      const { frames } = listen('product');
      await letSocketsSettle();
      push(updated('product', 1, 2, 500));
      push({ type: 'RESYNC_REQUIRED', epoch: 'e2', seq: 3, data: { entityType: 'product' } }); // a restarted server
      push({ ...updated('product', 1, 3, 4), epoch: 'e2' });
      expect(resyncs).toEqual(['product']);
      expect(frames.map((f) => f.seq)).toEqual([500, 4]);
      expect(client.positionOf('product')).toEqual({ epoch: 'e2', seq: 4 });
      expect(client.isLive('product')).toBe(true);
    });

    it('keeps the cursor on a RESYNC_REQUIRED frame without a position', async () => {
      createClient();
      listen('product');
      await letSocketsSettle();
      push(updated('product', 1, 2, 5));
      push({ type: 'RESYNC_REQUIRED', data: { entityType: 'product' } });
      expect(resyncs).toEqual(['product']);
      expect(client.positionOf('product')).toEqual({ epoch: 'e1', seq: 5 });
    });
  });

  describe('polling fallback', () => {
    const fallbackFetch = () =>
      fakeFetch(
        () => jsonResponse({ seq: 8, frames: [updated('product', 1, 2, 7), updated('product', 1, 3, 8)] }),
        () => jsonResponse({ seq: 9, frames: [updated('product', 1, 3, 8), updated('product', 1, 4, 9)] }),
        () => jsonResponse({ seq: 9, frames: [] }),
      );

    it('polls while the socket is down, without duplicates, and stops once the socket is back', async () => {
      const { fetch, calls } = fallbackFetch();
      createClient({ fallback: pollingTransport({ url: '/poll', intervalMs: POLL_MS, fetch }) });
      const { frames } = listen('product');
      await letSocketsSettle();
      push(updated('product', 1, 1, 7));
      expect(calls).toHaveLength(0);

      crashServer();
      await elapse(0);
      expect(calls.map((call) => call.url)).toEqual(['/poll?since=e1%3A7&types=product']);
      await elapse(POLL_MS);
      expect(frames.map((f) => f.seq)).toEqual([7, 8, 9]);

      startServer();
      await waitForReconnect(2000); // the attempts after 500 and 1000 ms failed; the one 2000 ms later succeeds
      await letSocketsSettle();
      expect(client.status).toBe('connected');
      const pollsWhileDown = calls.length;
      await elapse(4 * POLL_MS);
      expect(calls).toHaveLength(pollsWhileDown);
      expect(calls[calls.length - 1].init.signal?.aborted).toBe(true);
      expect(received[received.length - 1]).toEqual({ type: 'SUBSCRIBE', entityType: 'product', since: { epoch: 'e1', seq: 9 } });
    });

    it('reports a failing fallback on errors$ and starts it again when the primary fails next', async () => {
      const { fetch, calls } = fakeFetch(
        () => jsonResponse({}, 502),
        () => jsonResponse({ seq: 1, frames: [] }),
      );
      createClient({ fallback: pollingTransport({ url: '/poll', intervalMs: POLL_MS, fetch }) });
      listen('product');
      await letSocketsSettle();
      crashServer();
      await elapse(0);
      expect(errors.map((e) => e.code)).toContain(CacheHubErrorCode.TransportFailed);
      expect(calls).toHaveLength(1);
      await waitForReconnect();
      await letSocketsSettle();
      expect(calls).toHaveLength(2);
    });

    it('does not poll before the primary failed', async () => {
      const { fetch, calls } = fallbackFetch();
      createClient({ fallback: pollingTransport({ url: '/poll', intervalMs: POLL_MS, fetch }) });
      listen('product');
      await letSocketsSettle();
      await elapse(4 * POLL_MS); // less than HEARTBEAT_MS: the socket stays up
      expect(calls).toHaveLength(0);
    });
  });

  describe('bad frames', () => {
    it('reports malformed frames on errors$ while later valid frames still arrive', async () => {
      createClient();
      const { frames } = listen('product');
      await letSocketsSettle();
      push('{"type":"ENTITY_UPDATED"');
      push({ type: 'NOPE' });
      push(updated('product', 1, Number.NaN)); // JSON turns NaN into null
      push('{"type":"ENTITY_UPDATED","data":{"entityType":"product","entityId":1,"version":2,"changes":{"__proto__":{"x":1}}}}');
      push(updated('product', 1, 2, 1));
      expect(errors.map((e) => e.code)).toEqual([
        CacheHubErrorCode.MalformedFrame,
        CacheHubErrorCode.UnknownFrameType,
        CacheHubErrorCode.MalformedFrame,
        CacheHubErrorCode.ForbiddenKey,
      ]);
      expect(frames.map((f) => f.seq)).toEqual([1]);
      expect(client.status).toBe('connected');
    });

    it('reports a throwing mapMessage as InvalidMessageMapping and goes on', async () => {
      createClient({
        mapMessage: (frame) => {
          if ((frame as { boom?: boolean }).boom) throw new Error('cannot map');
          return frame;
        },
      });
      const { frames } = listen('product');
      await letSocketsSettle();
      push({ boom: true });
      push(updated('product', 1, 2));
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.InvalidMessageMapping]);
      expect(errors[0].message).toMatch(/cannot map/);
      expect(frames).toHaveLength(1);
    });
  });

  describe('mapMessage (the example of docs/realtime-transports.md)', () => {
    /** A backend that speaks its own event format. */
    const mapMessage = (message: unknown) => {
      const event = message as { type?: string; data?: Record<string, unknown>; timestamp?: string };
      const version = Date.parse(event.timestamp ?? '');
      switch (event.type) {
        case 'stock_updated':
          return {
            type: 'ENTITY_UPDATED',
            data: {
              entityType: 'variant',
              entityId: event.data?.['variant_id'],
              changes: { stockQuantity: event.data?.['stock_quantity'] },
              version,
            },
          };
        case 'order_shipped':
          return {
            type: 'ENTITY_UPDATED',
            data: {
              entityType: 'order',
              entityId: event.data?.['order_id'],
              changes: { status: 'shipped', trackingNumber: event.data?.['tracking_number'] },
              version,
            },
          };
        case 'heartbeat':
          return { type: 'PING' };
        default:
          return null; // Events the app does not cache are dropped silently.
      }
    };

    it('turns stock_updated and order_shipped events into ENTITY_UPDATED frames', async () => {
      createClient({ mapMessage });
      const variants = listen('variant');
      const orders = listen('order');
      await letSocketsSettle();
      push({ type: 'stock_updated', data: { variant_id: 'v-7', stock_quantity: 3 }, timestamp: '2025-05-01T10:00:00Z' });
      push({ type: 'order_shipped', data: { order_id: 42, tracking_number: 'TRK1' }, timestamp: '2025-05-01T10:00:01Z' });
      push({ type: 'newsletter_sent', data: {}, timestamp: '2025-05-01T10:00:02Z' });
      push({ type: 'stock_updated', data: { stock_quantity: 3 }, timestamp: '2025-05-01T10:00:03Z' });
      expect(variants.frames).toEqual([
        {
          type: 'ENTITY_UPDATED',
          data: { entityType: 'variant', entityId: 'v-7', changes: { stockQuantity: 3 }, version: Date.parse('2025-05-01T10:00:00Z') },
        },
      ]);
      expect(orders.frames).toEqual([
        {
          type: 'ENTITY_UPDATED',
          data: {
            entityType: 'order',
            entityId: 42,
            changes: { status: 'shipped', trackingNumber: 'TRK1' },
            version: Date.parse('2025-05-01T10:00:01Z'),
          },
        },
      ]);
      // The event without variant_id is reported, the unknown one is not.
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.MalformedFrame]);
    });

    it('maps named SSE events, which EventSource hands on only when they are listed in events', async () => {
      const toFrame = (message: unknown, meta: MessageMeta) => mapMessage({ type: meta.event, ...(message as Record<string, unknown>) });
      createClient({ mapMessage: toFrame, transport: sseTransport({ url: '/events', events: ['stock_updated'], EventSourceCtor: FakeEventSource }) });
      const variants = listen('variant');
      await letSocketsSettle();
      const source = FakeEventSource.latest();
      source.open();
      source.emitNamed('stock_updated', JSON.stringify({ data: { variant_id: 'v-7', stock_quantity: 3 }, timestamp: '2025-05-01T10:00:00Z' }));
      source.emitNamed('order_shipped', JSON.stringify({ data: { order_id: 42 }, timestamp: '2025-05-01T10:00:01Z' }));
      expect(variants.frames.map((f) => (f.type === 'ENTITY_UPDATED' ? f.data.changes : undefined))).toEqual([{ stockQuantity: 3 }]);
      expect(errors).toEqual([]);
    });

    it('lets one message become several frames, dropping the nulls among them', async () => {
      createClient({
        mapMessage: (message) => (message as { ids: number[] }).ids.map((id) => (id > 0 ? updated('product', id, 1) : null)),
      });
      const { frames } = listen('product');
      await letSocketsSettle();
      push({ ids: [1, 0, 2, 3] });
      expect(frames.map((f) => (f.type === 'ENTITY_UPDATED' ? f.data.entityId : undefined))).toEqual([1, 2, 3]);
      expect(errors).toEqual([]);
    });

    it('reports a mapping that returns something other than frame objects as InvalidMessageMapping', async () => {
      createClient({ mapMessage: () => 'ENTITY_UPDATED' });
      listen('product');
      await letSocketsSettle();
      push(updated('product', 1, 1));
      expect(errors.map((e) => e.code)).toEqual([CacheHubErrorCode.InvalidMessageMapping]);
      expect(errors[0].message).toMatch(/returned string instead of frame objects/);
    });
  });

  describe('network state', () => {
    it('closes the connection and stops reconnecting while offline, then reconnects at once', async () => {
      const online$ = new BehaviorSubject(true);
      createClient({ online$ });
      listen('product');
      await letSocketsSettle();
      online$.next(false);
      await letSocketsSettle();
      expect(client.status).toBe('offline');
      expect(openSockets()).toBe(0);
      expect(jest.getTimerCount()).toBe(0);
      online$.next(true);
      expect(client.status).toBe('connecting');
      await letSocketsSettle();
      expect(client.status).toBe('connected');
      expect(received[received.length - 1]).toEqual({ type: 'SUBSCRIBE', entityType: 'product' });
    });

    it('does not connect while the network starts offline', async () => {
      createClient({ online$: new BehaviorSubject(false) });
      listen('product');
      await letSocketsSettle();
      expect(client.status).toBe('offline');
      expect(sockets).toHaveLength(0);
    });
  });

  describe('one-way primary (SSE)', () => {
    const createSseClient = () => createClient({ transport: sseTransport({ url: '/events', EventSourceCtor: FakeEventSource }) });

    it('puts the subscribed types in the stream URL, coalescing subscriptions of one turn', async () => {
      createSseClient();
      listen('product');
      listen('order');
      await elapse(0);
      expect(FakeEventSource.instances).toHaveLength(1);
      expect(FakeEventSource.latest().query.get('types')).toBe('product,order');
    });

    it('reopens the stream with the new set of types and the last seq when the types change', async () => {
      createSseClient();
      listen('product');
      await elapse(0);
      FakeEventSource.latest().open();
      FakeEventSource.latest().emit(JSON.stringify(updated('product', 1, 2, 41)));
      const { subscription } = listen('order');
      await elapse(0);
      expect(FakeEventSource.instances[0].closed).toBe(true);
      expect(FakeEventSource.latest().query.get('types')).toBe('product,order');
      expect(FakeEventSource.latest().query.get('lastEventId')).toBe('e1:41');
      subscription.unsubscribe();
      await elapse(0);
      expect(FakeEventSource.latest().query.get('types')).toBe('product');
      expect(FakeEventSource.instances.filter((source) => !source.closed)).toHaveLength(1);
    });

    it('reopens an open stream once for all the types added in one turn', async () => {
      createSseClient();
      listen('product');
      await elapse(0);
      FakeEventSource.latest().open();
      listen('order');
      listen('customer');
      await elapse(0);
      expect(FakeEventSource.instances).toHaveLength(2);
      expect(FakeEventSource.latest().query.get('types')).toBe('product,order,customer');
    });

    it('reconnects with backoff when the stream fails', async () => {
      createSseClient();
      listen('product');
      await elapse(0);
      FakeEventSource.latest().fail();
      expect(client.status).toBe('disconnected');
      await waitForReconnect();
      expect(FakeEventSource.instances).toHaveLength(2);
    });
  });

  describe('close()', () => {
    it('leaves no timers, sockets or listeners behind, even while reconnecting and polling', async () => {
      const online$ = new BehaviorSubject(true);
      const { fetch } = fakeFetch(() => jsonResponse({ seq: 1, frames: [] }));
      createClient({ online$, fallback: pollingTransport({ url: '/poll', intervalMs: POLL_MS, fetch }) });
      const { subscription } = listen('product');
      await letSocketsSettle();
      crashServer();
      await elapse(0);
      expect(jest.getTimerCount()).toBeGreaterThan(0);
      client.close();
      expect(jest.getTimerCount()).toBe(0);
      expect(subscription.closed).toBe(true);
      expect(online$.observed).toBe(false);
      expect(client.status).toBe('disconnected');
    });

    it('closes an open socket and leaves nothing running once it has closed', async () => {
      createClient();
      listen('product');
      await letSocketsSettle();
      client.close();
      await letSocketsSettle(); // mock-socket's own close delay
      expect(openSockets()).toBe(0);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('completes every subscribe() stream and lets the client be used again', async () => {
      createClient();
      const complete = jest.fn();
      client.subscribe('product').subscribe({ complete });
      await letSocketsSettle();
      client.close();
      expect(complete).toHaveBeenCalled();
      const { frames } = listen('product');
      await letSocketsSettle();
      push(updated('product', 1, 2));
      expect(frames).toHaveLength(1);
    });
  });

  describe('with a scripted transport', () => {
    it('counts SSE comment lines as signs of life, so a quiet stream is not replaced', async () => {
      let connects = 0;
      const quiet: RealtimeTransport = {
        duplex: false,
        connect: (session) =>
          new Observable((subscriber) => {
            connects++;
            session.opened();
            const beat = setInterval(() => subscriber.next(SSE_HEARTBEAT), HEARTBEAT_MS / 2);
            return () => clearInterval(beat);
          }),
        send: jest.fn(),
      };
      createClient({ transport: quiet });
      listen('product');
      await elapse(6 * HEARTBEAT_MS);
      expect(connects).toBe(1);
      expect(errors).toEqual([]);
    });

    it('hands the transport the live types, where to resume and the token of each connection', async () => {
      const sessions: TransportSession[] = [];
      const transport: RealtimeTransport = {
        duplex: false,
        connect: (session) =>
          new Observable((subscriber) => {
            sessions.push(session);
            session.opened();
            subscriber.next(JSON.stringify(updated('product', 1, 1, 3)));
            subscriber.complete();
          }),
        send: jest.fn(),
      };
      createClient({ transport, tokenProvider: () => 'tok' });
      listen('product');
      await elapse(0);
      await waitForReconnect();
      expect(sessions.map(({ entityTypes, lastEventId, token }) => ({ entityTypes, lastEventId, token }))).toEqual([
        { entityTypes: ['product'], lastEventId: undefined, token: 'tok' },
        { entityTypes: ['product'], lastEventId: 'e1:3', token: 'tok' },
      ]);
      expect(transport.send).not.toHaveBeenCalled();
    });
  });

  it('reports every problem, of frames and of connections, as a CacheHubError', async () => {
    createClient();
    listen('product');
    await letSocketsSettle();
    push('x');
    crashServer();
    await elapse(0);
    expect(errors.length).toBeGreaterThan(1);
    expect(errors.every((error) => error instanceof CacheHubError)).toBe(true);
  });
});
