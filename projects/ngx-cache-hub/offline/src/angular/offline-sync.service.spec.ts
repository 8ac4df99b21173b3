import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { CacheHubService, provideCacheHub } from 'ngx-cache-hub';
import { MemoryQueueStorage } from '../offline/memory-queue-storage';
import { SingleTabCoordinator } from '../offline/single-tab-coordinator';
import { OfflineSyncService } from './offline-sync.service';
import { withOfflineSync } from './with-offline-sync';

const settle = () => jest.advanceTimersByTimeAsync(10);

describe('OfflineSyncService', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    window.dispatchEvent(new Event('online'));
    jest.useRealTimers();
  });

  it('queues an action while offline, shows it at once, and replays it once with its idempotency key when online', async () => {
    const calls: { payload: unknown; key: string }[] = [];
    const response = new Subject<{ id: string; name: string }>();
    TestBed.configureTestingModule({
      providers: [
        provideCacheHub(
          { retry: 0 },
          withOfflineSync({
            storage: new MemoryQueueStorage(),
            coordinator: new SingleTabCoordinator(),
            handlers: {
              'product.rename': {
                execute: (payload, { idempotencyKey }) => {
                  calls.push({ payload, key: idempotencyKey });
                  return response;
                },
                optimistic: (p: { id: string; name: string }) => [{ key: `products:detail-${p.id}`, update: (v: any) => ({ ...v, name: p.name }) }],
              },
            },
          }),
        ),
      ],
    });
    const hub = TestBed.inject(CacheHubService);
    const sync = TestBed.inject(OfflineSyncService);
    hub.set('products:detail-1', { id: '1', name: 'Old', version: 1 });
    window.dispatchEvent(new Event('offline'));

    const action = await sync.enqueue({ type: 'product.rename', payload: { id: '1', name: 'New' } });
    await settle();
    expect(hub.getValue<any>('products:detail-1').name).toBe('New');
    expect(hub.peek<any>('products:detail-1').name).toBe('Old');
    expect(sync.pending().map((a) => a.id)).toEqual([action.id]);
    expect(calls).toEqual([]);

    window.dispatchEvent(new Event('online'));
    await settle();
    expect(calls).toEqual([{ payload: { id: '1', name: 'New' }, key: action.id }]);
    response.next({ id: '1', name: 'New' });
    response.complete();
    await settle();
    expect(sync.pending()).toEqual([]);
    expect(sync.lastSyncedAt()).not.toBeNull();
  });

  it('refuses an action type that has no handler', async () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub(withOfflineSync({ storage: new MemoryQueueStorage(), coordinator: new SingleTabCoordinator() }))] });
    await expect(TestBed.inject(OfflineSyncService).enqueue({ type: 'nope', payload: {} })).rejects.toThrow(/NCH300/);
  });
});
