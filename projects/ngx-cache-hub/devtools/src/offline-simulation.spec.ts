import { Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { provideCacheHub, withEntity } from 'ngx-cache-hub';
import { RealtimeCacheService, withRealtime, type RealtimeTransport } from 'ngx-cache-hub/realtime';
import { injectCacheInspector } from './inject-cache-inspector';
import { offlineSimulation } from './offline-simulation';

/** The browser's own network change: `navigator.onLine` (on its prototype, as the browser has it) and the window's event. */
function realNetwork(online: boolean): void {
  Object.defineProperty(Object.getPrototypeOf(window.navigator), 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('simulate offline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    realNetwork(true);
    jest.useRealTimers();
  });

  it('stays in force through a real offline→online flap: the app is online only when the network is and the simulation is off', async () => {
    const transport: RealtimeTransport = { duplex: true, connect: () => new Subject<unknown>(), send: () => undefined };
    TestBed.configureTestingModule({ providers: [provideCacheHub(withEntity('products'), withRealtime({ transport, url: '/ws' }))] });
    const realtime = TestBed.inject(RealtimeCacheService);
    const inspector = injectCacheInspector({ refreshMs: 50 }, TestBed.inject(Injector));
    const followed = realtime.subscribeToEntity('products').subscribe();
    await jest.advanceTimersByTimeAsync(10);
    expect(realtime.connectionStatus()).not.toBe('offline');

    inspector.simulateOffline(true);
    expect(realtime.connectionStatus()).toBe('offline');
    realNetwork(false);
    await jest.advanceTimersByTimeAsync(800);
    realNetwork(true); // the network is back, the simulation is not over
    await jest.advanceTimersByTimeAsync(4_000);
    expect(realtime.connectionStatus()).toBe('offline');
    expect(inspector.state().simulatedOffline).toBe(true);

    inspector.simulateOffline(false);
    await jest.advanceTimersByTimeAsync(10);
    expect(realtime.connectionStatus()).not.toBe('offline');
    expect(inspector.state().simulatedOffline).toBe(false);
    followed.unsubscribe();
  });

  it('ended while the real network is down, leaves the app offline until the network comes back', () => {
    const heard: string[] = [];
    const listen = (event: Event) => heard.push(event.type);
    window.addEventListener('online', listen);
    window.addEventListener('offline', listen);
    try {
      const simulate = offlineSimulation(window);
      simulate(true);
      expect(window.navigator.onLine).toBe(false);
      realNetwork(true); // held: the app does not hear it as online
      expect(window.navigator.onLine).toBe(false);
      realNetwork(false);
      simulate(false);
      expect(heard).toEqual(['offline', 'online', 'offline']);
      expect(window.navigator.onLine).toBe(false);
      realNetwork(true);
      expect(heard).toEqual(['offline', 'online', 'offline', 'online']);
      expect(window.navigator.onLine).toBe(true);
    } finally {
      window.removeEventListener('online', listen);
      window.removeEventListener('offline', listen);
    }
  });
});
