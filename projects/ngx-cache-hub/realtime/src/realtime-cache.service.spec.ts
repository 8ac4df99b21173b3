import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Server, WebSocket as MockWebSocket } from 'mock-socket';
import { defer, of } from 'rxjs';
import { CacheHubErrorCode, provideCacheHub, withEntity, ɵCacheHubRoot as CacheHubRoot } from 'ngx-cache-hub';
import { webSocketTransport } from 'ngx-cache-hub/core';
import { RealtimeCacheService } from './realtime-cache.service';
import { withBatching } from './with-batching';
import { withRealtime } from './with-realtime';

const URL = 'ws://realtime.test/ws';
const connect = () => jest.advanceTimersByTimeAsync(50);
const LINGER_MS = 10_000;
const lingerPasses = () => jest.advanceTimersByTimeAsync(LINGER_MS);
const product = (id: string, stock: number, version = 1) => ({ id, name: `P${id}`, stock, version });

describe('RealtimeCacheService', () => {
  let server: Server;
  let received: any[];
  let socket: { send(data: string): void } | undefined;

  const send = (frame: unknown) => socket!.send(typeof frame === 'string' ? frame : JSON.stringify(frame));

  function setUp(...extra: Parameters<typeof provideCacheHub>[1][]) {
    TestBed.configureTestingModule({
      providers: [
        provideCacheHub(
          { retry: 0 },
          withEntity('products'),
          withEntity('orders'),
          withRealtime({ transport: webSocketTransport({ url: URL, WebSocketCtor: MockWebSocket as never }), heartbeatTimeoutMs: 0 }),
          ...extra,
        ),
      ],
    });
    return { hub: TestBed.inject(CacheHubRoot), realtime: TestBed.inject(RealtimeCacheService) };
  }

  beforeEach(() => {
    jest.useFakeTimers();
    received = [];
    server = new Server(URL);
    server.on('connection', (client) => {
      socket = client;
      client.on('message', (data) => received.push(JSON.parse(String(data))));
    });
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    server.stop();
    jest.useRealTimers();
  });

  it('subscribes to a type while something observes it and applies its updates to the cache', async () => {
    const { hub, realtime } = setUp();
    expect(realtime.connectionStatus()).toBe('disconnected');
    const list = hub.fetch('products:list-{}', of({ items: [product('1', 5), product('2', 3)], totalCount: 2 })).subscribe();
    await connect();
    expect(realtime.connectionStatus()).toBe('connected');
    expect(received).toContainEqual({ type: 'SUBSCRIBE', entityType: 'products' });

    send({ type: 'ENTITY_UPDATED', seq: 1, data: { entityType: 'products', entityId: '1', changes: { stock: 4 }, version: 2 } });
    expect(hub.getValue<any>('products:list-{}').items[0]).toEqual({ ...product('1', 4), version: 2 });

    const orders = hub.watch('orders:list-{}').subscribe();
    await connect();
    list.unsubscribe();
    await connect();
    expect(received).not.toContainEqual({ type: 'UNSUBSCRIBE', entityType: 'products' });
    await lingerPasses();
    expect(received).toContainEqual({ type: 'UNSUBSCRIBE', entityType: 'products' });
    expect(received.filter((frame) => frame.type === 'SUBSCRIBE').map((frame) => frame.entityType)).toEqual(['products', 'orders']);
    orders.unsubscribe();
    await lingerPasses();
    expect(realtime.connectionStatus()).toBe('disconnected');
  });

  it('pauses polling of a followed type while its channel is connected and resumes it when it drops', async () => {
    const { hub } = setUp();
    hub.fetch('products:list-{}', of([product('1', 5)]), { refetchInterval: 5000 }).subscribe();
    hub.fetch('metrics:summary', of({ revenue: 1 }), { refetchInterval: 5000 }).subscribe();
    await connect();
    expect(hub.freshness.isPolling('products:list-{}')).toBe(true);
    send({ type: 'SUBSCRIBED', epoch: 'e1', seq: 0, data: { entityType: 'products' } });
    expect(hub.freshness.isPolling('products:list-{}')).toBe(false);
    expect(hub.freshness.isPolling('metrics:summary')).toBe(true);
    server.close();
    await connect();
    expect(hub.freshness.isPolling('products:list-{}')).toBe(true);
  });

  it('leaves the teardown of its client and live-sync rules out of its type: they end with the injector', () => {
    const { realtime } = setUp();
    // @ts-expect-error closing the client would complete the service's streams
    expect(typeof realtime.client.close).toBe('function');
    // @ts-expect-error the rules are destroyed with the service
    expect(typeof realtime.sync?.destroy).toBe('function');
    expect(realtime.client.status).toBe('disconnected');
  });

  it('opens no connection on the server', async () => {
    TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: 'server' }] });
    const { hub, realtime } = setUp();
    hub.fetch('products:list-{}', of([product('1', 5)])).subscribe();
    await connect();
    expect(realtime.connectionStatus()).toBe('disconnected');
    expect(received).toEqual([]);
  });

  it('drops malformed and hostile frames, reports them, and keeps applying later ones', async () => {
    const { hub, realtime } = setUp();
    const errors: number[] = [];
    realtime.errors$.subscribe((error) => errors.push(error.code));
    hub.fetch('products:detail-1', of(product('1', 5))).subscribe();
    await connect();
    const before = hub.getValue('products:detail-1');
    send('{not json');
    send({ type: 'ENTITY_UPDATED', data: { entityType: 'products', entityId: '1', changes: { stock: 'x' }, version: 'two' } });
    send('{"type":"ENTITY_UPDATED","data":{"entityType":"products","entityId":"1","changes":{"__proto__":{"polluted":true}},"version":3}}');
    send({ type: 'SOMETHING_ELSE' });
    expect(hub.getValue('products:detail-1')).toBe(before);
    expect(({} as any).polluted).toBeUndefined();
    expect(errors).toEqual([CacheHubErrorCode.MalformedFrame, CacheHubErrorCode.MalformedFrame, CacheHubErrorCode.ForbiddenKey, CacheHubErrorCode.UnknownFrameType]);
    send({ type: 'ENTITY_UPDATED', data: { entityType: 'products', entityId: '1', changes: { stock: 1 }, version: 4 } });
    expect(hub.getValue<any>('products:detail-1').stock).toBe(1);
  });

  it('refetches the observed entries of a type the server cannot replay', async () => {
    const { hub } = setUp();
    let requests = 0;
    hub
      .fetch(
        'products:list-{}',
        defer(() => of([product('1', ++requests)])),
      )
      .subscribe();
    await connect();
    expect(requests).toBe(1);
    send({ type: 'RESYNC_REQUIRED', data: { entityType: 'products' } });
    expect(requests).toBe(2);
  });

  it('with batching, coalesces a storm into one notification per observed key per flush', async () => {
    const { hub, realtime } = setUp(withBatching({ debounceMs: 16, maxWaitMs: 100 }));
    const seen: unknown[] = [];
    hub.fetch('products:list-{}', of([product('1', 100), product('2', 100)])).subscribe((value) => seen.push(value));
    await connect();
    for (let version = 2; version <= 50; version++) {
      send({ type: 'ENTITY_UPDATED', data: { entityType: 'products', entityId: String((version % 2) + 1), changes: { stock: 100 - version }, version } });
    }
    expect(seen).toHaveLength(1);
    realtime.flush();
    expect(seen).toHaveLength(2);
    expect(hub.getValue<any[]>('products:list-{}')!.map((p) => p.stock)).toEqual([50, 51]);
  });
});
