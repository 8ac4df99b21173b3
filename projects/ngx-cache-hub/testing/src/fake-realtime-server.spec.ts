import { Injectable, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';
import { CacheHubService, CacheNamespace, withEntity } from 'ngx-cache-hub';
import { withRealtime } from 'ngx-cache-hub/realtime';
import { setNetworkOnline, setTabVisible } from './browser-state';
import { FakeRealtimeServer } from './fake-realtime-server';
import { provideCacheHubTesting } from './provide-cache-hub-testing';

@CacheNamespace('products')
@Injectable({ providedIn: 'root' })
class ProductsService {
  private readonly hub = inject(CacheHubService);
  product$(id: number) {
    return this.hub.fetch(`detail-${id}`, () => of({ id, stock: 10, version: 1 }));
  }
}

const connect = () => jest.advanceTimersByTimeAsync(50);

describe('ngx-cache-hub/testing', () => {
  let server: FakeRealtimeServer;

  beforeEach(() => {
    jest.useFakeTimers();
    server = new FakeRealtimeServer();
    TestBed.configureTestingModule({
      providers: [provideCacheHubTesting({}, withEntity('products'), withRealtime({ transport: server.transport(), heartbeatTimeoutMs: 0 }))],
    });
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    server.stop();
    setNetworkOnline(true);
    setTabVisible(true);
    jest.useRealTimers();
  });

  it('lets a test push updates to a service through a scripted server', async () => {
    const seen: unknown[] = [];
    TestBed.inject(ProductsService)
      .product$(1)
      .subscribe((p) => seen.push(p));
    await connect();
    expect(server.subscriptions).toEqual(new Set(['products']));
    server.updated('products', 1, { stock: 9 }, 2);
    expect(seen.at(-1)).toEqual({ id: 1, stock: 9, version: 2 });
  });

  it('drives network and visibility like a browser', async () => {
    let requests = 0;
    const hub = TestBed.inject(CacheHubService);
    hub.fetch('metrics:summary', () => of(++requests), { refetchOnFocus: 'always' }).subscribe();
    setTabVisible(false);
    setTabVisible(true);
    expect(requests).toBe(2);
    setNetworkOnline(false);
    expect(navigator.onLine).toBe(false);
    setNetworkOnline(true);
    expect(requests).toBe(3);
  });

  it('answers subscriptions by the protocol: replays after since, and asks for a resync after a restart that lost history', async () => {
    let fetches = 0;
    const hub = TestBed.inject(CacheHubService);
    const seen: unknown[] = [];
    hub.fetch('products:detail-1', () => (fetches++, of({ id: 1, stock: 10, version: 1 }))).subscribe((p) => seen.push(p));
    await connect();
    expect(server.received).toEqual([{ type: 'SUBSCRIBE', entityType: 'products' }]);
    expect(fetches).toBe(2); // fetched before the subscription was acknowledged, without a position: once more after

    server.updated('products', 1, { stock: 9 }, 2);
    server.restart();
    server.updated('products', 1, { stock: 8 }, 3); // while the client is away
    await jest.advanceTimersByTimeAsync(6000);
    expect(server.received.at(-1)).toEqual({ type: 'SUBSCRIBE', entityType: 'products', since: { epoch: 'fake-1', seq: 1 } });
    expect(seen.at(-1)).toEqual({ id: 1, stock: 8, version: 3 });

    server.restart({ lostHistory: true });
    await jest.advanceTimersByTimeAsync(6000);
    expect(fetches).toBe(3); // RESYNC_REQUIRED: refetched
  });
});
