import { PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { defer, of } from 'rxjs';
import { CacheHubService } from './cache-hub.service';
import { provideCacheHub } from './provide-cache-hub';

describe('the browser environment', () => {
  let requests: number;
  const source = defer(() => {
    requests++;
    return of(requests);
  });

  beforeEach(() => {
    jest.useFakeTimers();
    requests = 0;
  });

  afterEach(() => jest.useRealTimers());

  it('refetches stale observed entries when the window comes back online and pauses polling offline', async () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0 })] });
    const hub = TestBed.inject(CacheHubService);
    hub.fetch('metrics:summary', source, { refetchInterval: 5000 }).subscribe();
    window.dispatchEvent(new Event('offline'));
    await jest.advanceTimersByTimeAsync(20_000);
    expect(requests).toBe(1);
    window.dispatchEvent(new Event('online'));
    expect(requests).toBe(2);
    TestBed.resetTestingModule();
  });

  it('counts an online event only if navigator.onLine agrees (the devtools simulating offline keep it false)', async () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0 })] });
    const hub = TestBed.inject(CacheHubService);
    hub.fetch('metrics:summary', source, { refetchInterval: 5000 }).subscribe();
    window.dispatchEvent(new Event('offline'));
    Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => false });
    try {
      window.dispatchEvent(new Event('online'));
      await jest.advanceTimersByTimeAsync(20_000);
      expect(requests).toBe(1);
    } finally {
      delete (window.navigator as { onLine?: boolean }).onLine;
    }
    window.dispatchEvent(new Event('online'));
    expect(requests).toBe(2);
    TestBed.resetTestingModule();
  });

  it('does nothing on the server', async () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0 }), { provide: PLATFORM_ID, useValue: 'server' }] });
    const hub = TestBed.inject(CacheHubService);
    hub.fetch('metrics:summary', source, { refetchOnReconnect: 'always' }).subscribe();
    window.dispatchEvent(new Event('offline'));
    window.dispatchEvent(new Event('online'));
    expect(requests).toBe(1);
    TestBed.resetTestingModule();
  });
});
