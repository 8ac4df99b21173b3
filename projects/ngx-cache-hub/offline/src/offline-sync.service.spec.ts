import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { CacheHubService, provideCacheHub } from 'ngx-cache-hub';
import { LocalStorageQueueStorage } from 'ngx-cache-hub/core';
import { MemoryQueueStorage } from 'ngx-cache-hub/core';
import { SingleTabCoordinator } from 'ngx-cache-hub/core';
import { FakeWebStorage } from '../../core/src/offline/testing-internal/fake-web-storage';
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

  it('leaves the teardown of its queue out of its type: the queue is destroyed with the injector', () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub(withOfflineSync({ storage: new MemoryQueueStorage(), coordinator: new SingleTabCoordinator() }))] });
    const sync = TestBed.inject(OfflineSyncService);
    // @ts-expect-error destroying the queue would leave the service without one
    expect(typeof sync.queue.destroy).toBe('function');
    expect(typeof sync.queue.enqueue).toBe('function');
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

  describe('when storage is full', () => {
    let warnings: jest.SpyInstance;
    beforeEach(() => (warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined)));
    afterEach(() => warnings.mockRestore());

    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    const setUp = (warnBeforeUnload?: boolean) => {
      const web = new FakeWebStorage();
      web.quotaChars = 0;
      TestBed.configureTestingModule({
        providers: [
          provideCacheHub(
            withOfflineSync({
              storage: new LocalStorageQueueStorage({ storage: web }),
              coordinator: new SingleTabCoordinator(),
              warnBeforeUnload,
              handlers: { 'product.rename': { execute: () => new Subject() } },
            }),
          ),
        ],
      });
      window.dispatchEvent(new Event('offline'));
      return { web, sync: TestBed.inject(OfflineSyncService) };
    };

    it('counts the actions only memory holds and asks before the page is left, until they are saved', async () => {
      const { web, sync } = setUp();
      expect(leave()).toBe(false);
      await sync.enqueue({ type: 'product.rename', payload: { id: '1', name: 'New' } });
      await settle();
      expect(sync.unsaved()).toBe(1);
      expect(leave()).toBe(true);
      expect(warnings).toHaveBeenCalledWith(expect.stringContaining('NCH301'));

      web.quotaChars = Infinity;
      await jest.advanceTimersByTimeAsync(2000);
      expect(sync.unsaved()).toBe(0);
      expect(leave()).toBe(false);
    });

    it('listens to beforeunload only while something would be lost (the back/forward cache stays usable)', async () => {
      const listen = jest.spyOn(window, 'addEventListener');
      const { web, sync } = setUp();
      await settle();
      expect(listen.mock.calls.filter(([type]) => type === 'beforeunload')).toHaveLength(0);
      await sync.enqueue({ type: 'product.rename', payload: { id: '1', name: 'New' } });
      await settle();
      expect(listen.mock.calls.filter(([type]) => type === 'beforeunload')).toHaveLength(1);
      listen.mockRestore();
      web.quotaChars = Infinity;
    });

    it('does not ask with warnBeforeUnload: false', async () => {
      const { sync } = setUp(false);
      await sync.enqueue({ type: 'product.rename', payload: { id: '1', name: 'New' } });
      await settle();
      expect(sync.unsaved()).toBe(1);
      expect(leave()).toBe(false);
    });

    it('stops listening when the app is destroyed', async () => {
      const { sync } = setUp();
      await sync.enqueue({ type: 'product.rename', payload: { id: '1', name: 'New' } });
      await settle();
      expect(leave()).toBe(true);
      TestBed.resetTestingModule();
      expect(leave()).toBe(false);
    });
  });

  it('refuses an action type that has no handler', async () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub(withOfflineSync({ storage: new MemoryQueueStorage(), coordinator: new SingleTabCoordinator() }))] });
    await expect(TestBed.inject(OfflineSyncService).enqueue({ type: 'nope', payload: {} })).rejects.toThrow(/NCH300/);
  });
});
