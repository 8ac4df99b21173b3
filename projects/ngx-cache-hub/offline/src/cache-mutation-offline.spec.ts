import { Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { CacheHubService, cacheMutation, injectNamespace, provideCacheHub } from 'ngx-cache-hub';
import { MemoryQueueStorage, SingleTabCoordinator } from 'ngx-cache-hub/core';
import { OfflineSyncService } from './offline-sync.service';
import { withOfflineSync } from './with-offline-sync';

interface Product {
  id: string;
  name: string;
}

const settle = () => jest.advanceTimersByTimeAsync(10);

describe('cacheMutation({ offline }) with withOfflineSync()', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    window.dispatchEvent(new Event('online'));
    jest.useRealTimers();
  });

  it('queues while offline with its optimistic change, replays once online, then invalidates in its namespace', async () => {
    TestBed.configureTestingModule({
      providers: [provideCacheHub({ retry: 0, staleTime: 60_000 }, withOfflineSync({ storage: new MemoryQueueStorage(), coordinator: new SingleTabCoordinator() }))],
    });
    const hub = TestBed.inject(CacheHubService);
    hub.set('products:detail-1', { id: '1', name: 'Old' });
    hub.set('products:list-all', [{ id: '1', name: 'Old' }]);
    const calls: { payload: Product; key: string }[] = [];
    const response = new Subject<Product>();
    const rename = cacheMutation({
      injector: TestBed.inject(Injector),
      cache: TestBed.runInInjectionContext(() => injectNamespace('products')),
      mutationFn: (payload: Product, { idempotencyKey }) => (calls.push({ payload, key: idempotencyKey }), response),
      optimistic: ({ id, name }) => [{ key: `detail-${id}`, update: (p?: Product) => p && { ...p, name } }],
      invalidate: ['list-all'],
      offline: { type: 'product.rename' },
    });
    window.dispatchEvent(new Event('offline'));

    await rename.mutateAsync({ id: '1', name: 'New' });
    await settle();
    expect(rename.status()).toBe('success');
    expect(hub.getValue<Product>('products:detail-1')?.name).toBe('New');
    expect(calls).toEqual([]);
    expect(TestBed.inject(OfflineSyncService).pending()).toHaveLength(1);

    window.dispatchEvent(new Event('online'));
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0].payload).toEqual({ id: '1', name: 'New' });
    expect(hub.isStale('products:list-all')).toBe(false);
    response.next({ id: '1', name: 'New' });
    response.complete();
    await settle();
    expect(hub.isStale('products:list-all')).toBe(true);
    expect(TestBed.inject(OfflineSyncService).pending()).toHaveLength(0);
  });
});
