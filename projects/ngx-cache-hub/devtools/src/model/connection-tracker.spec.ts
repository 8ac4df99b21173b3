import { BehaviorSubject } from 'rxjs';
import type { ConnectionStatus, RealtimeClient } from 'ngx-cache-hub/core';
import { ConnectionTracker } from './connection-tracker';

describe('ConnectionTracker', () => {
  beforeEach(() => jest.useFakeTimers({ now: 100_000 }));
  afterEach(() => jest.useRealTimers());

  it('counts "disconnected for" from when the connection was last up, not from the latest failed attempt', () => {
    const status$ = new BehaviorSubject<ConnectionStatus>('connecting');
    const client = { status$, positionOf: () => undefined, isLive: () => false, duplicatesDropped: 0 } as unknown as RealtimeClient;
    const tracker = new ConnectionTracker(client, undefined, undefined, undefined, Date.now);
    jest.advanceTimersByTime(200);
    status$.next('connected');
    const up = Date.now();
    expect(tracker.state(null)).toMatchObject({ status: 'connected', since: up });
    jest.advanceTimersByTime(5_000);
    status$.next('disconnected');
    const down = Date.now();
    // the server is gone: an attempt every few seconds, each one failing
    for (let attempt = 0; attempt < 4; attempt++) {
      jest.advanceTimersByTime(2_500);
      status$.next('connecting');
      jest.advanceTimersByTime(300);
      status$.next('disconnected');
    }
    jest.advanceTimersByTime(1_000);
    const state = tracker.state(null);
    expect(state).toMatchObject({ status: 'disconnected', since: down, reconnects: 4 });
    expect(Date.now() - state.since).toBe(12_200);
    status$.next('offline');
    expect(tracker.state(null).since).toBe(down);
    status$.next('connecting');
    status$.next('connected');
    expect(tracker.state(null)).toMatchObject({ status: 'connected', since: Date.now(), reconnects: 5 });
    tracker.destroy();
  });
});
