import { TestBed } from '@angular/core/testing';
import { firstValueFrom, of } from 'rxjs';
import { CacheHubService } from 'ngx-cache-hub';

// An app that does not install mock-socket: requiring it fails, as it would without the package.
jest.mock('mock-socket', () => {
  throw new Error("Cannot find module 'mock-socket'");
});

describe('ngx-cache-hub/testing without mock-socket', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('imports, and provideCacheHubTesting works, without loading mock-socket', async () => {
    const testing = await import('ngx-cache-hub/testing');
    TestBed.configureTestingModule({ providers: [testing.provideCacheHubTesting()] });
    const hub = TestBed.inject(CacheHubService);
    expect(await firstValueFrom(hub.fetch('products:detail-1', () => of({ id: 1 })))).toEqual({ id: 1 });
  });

  it('says what to install when a FakeRealtimeServer is used', async () => {
    const { FakeRealtimeServer } = await import('ngx-cache-hub/testing');
    const server = new FakeRealtimeServer();
    await expect(firstValueFrom(server.transport().connect({ entityTypes: [], opened: () => undefined }))).rejects.toThrow(/npm i -D mock-socket/);
    server.stop();
  });
});
