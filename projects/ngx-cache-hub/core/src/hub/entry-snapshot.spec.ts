import { NEVER, of, throwError } from 'rxjs';
import { applyOptimistic } from './apply-optimistic';
import { CacheHub } from './cache-hub';

const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);

describe('CacheHub.inspect', () => {
  let now: number;
  let hub: CacheHub;

  beforeEach(() => {
    jest.useFakeTimers();
    now = 1_000;
    hub = new CacheHub({ retry: 0, gcTime: 5_000, staleTime: 1_000, now: () => now });
  });

  afterEach(() => {
    hub.destroy();
    jest.useRealTimers();
  });

  it('describes each entry: namespace, observers, fetching, staleness, error and write time', () => {
    hub.set('products:list-{}', [1, 2]);
    const watching = hub.watch('products:detail-1').subscribe();
    const fetching = hub.fetch('orders:detail-9', () => NEVER).subscribe();
    const failing = hub.watch('customers:detail-2').subscribe();
    hub.fetch('customers:detail-2', () => throwError(() => new Error('500'))).subscribe({ error: () => undefined });

    const byKey = new Map(hub.inspect().map((snapshot) => [snapshot.key, snapshot]));
    expect(byKey.get('products:list-{}')).toMatchObject({ value: [1, 2], hasValue: true, observers: 0, updatedAt: 1_000, isStale: false, refetchable: false });
    expect(byKey.get('products:detail-1')).toMatchObject({ hasValue: false, observers: 1, updatedAt: null });
    expect(byKey.get('orders:detail-9')).toMatchObject({ isFetching: true, observers: 1, refetchable: true });
    expect(byKey.get('customers:detail-2')?.error).toEqual(new Error('500'));
    watching.unsubscribe();
    fetching.unsubscribe();
    failing.unsubscribe();
  });

  it('shows the optimistic value over the server value', () => {
    hub.set('products:detail-7', { stock: 3 });
    const layer = applyOptimistic(hub, [{ key: 'products:detail-7', update: (p: any) => ({ ...p, stock: p.stock - 1 }) }]);
    expect(hub.inspect()[0]).toMatchObject({ value: { stock: 2 }, base: { stock: 3 } });
    layer.rollback();
    expect(hub.inspect()[0].value).toEqual({ stock: 3 });
  });

  it('counts no hit or miss and observes nothing', () => {
    hub.set('a', 1);
    hub.inspect();
    expect(hub.stats()).toMatchObject({ hits: 0, misses: 0 });
    expect(hub.isObserved('a')).toBe(false);
  });

  it('never keeps an entry alive: an inspected entry is still collected after gcTime', async () => {
    hub.set('a', 1);
    for (let i = 0; i < 10; i++) {
      now += 1_000;
      hub.inspect();
      await elapse(1_000);
    }
    expect(hub.inspect()).toEqual([]);
  });

  it('leaves LRU order alone: the entry inspected last is still the one evicted first', () => {
    const small = new CacheHub({ maxEntries: 2 });
    small.set('a', 1);
    small.set('b', 2);
    small.inspect();
    small.set('c', 3);
    expect(small.inspect().map((snapshot) => snapshot.key)).toEqual(['b', 'c']);
    small.destroy();
  });

  it('marks an invalidated observed entry', () => {
    const subscription = hub.fetch('products:detail-1', () => of({ id: 1 })).subscribe();
    hub.invalidate('products:detail-1', { refetch: false });
    expect(hub.inspect()[0]).toMatchObject({ invalidated: true, isStale: true });
    subscription.unsubscribe();
  });
});
