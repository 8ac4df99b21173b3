import { defer, firstValueFrom, of, Subject, throwError } from 'rxjs';
import { CacheHub } from '../hub/cache-hub';
import { exponentialBackoff } from '../hub/retry-delay';
import { invalidateOnSuccess } from './invalidate-on-success';
import { RefetchScheduler } from './refetch-scheduler';

const SECOND = 1000;
const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);

interface Order {
  status: 'pending' | 'confirmed' | 'processing' | 'shipped' | 'delivered';
}

/** The seller dashboard's rule: active orders poll fast, settled ones slowly. */
const orderInterval = (order: Order | undefined) =>
  !order ? 5 * SECOND : order.status === 'processing' || order.status === 'shipped' ? 5 * SECOND : order.status === 'delivered' ? 60 * SECOND : 15 * SECOND;

describe('RefetchScheduler', () => {
  let hub: CacheHub;
  let scheduler: RefetchScheduler;
  let requests: number;

  const counting = <T>(value: () => T) =>
    defer(() => {
      requests++;
      return of(value());
    });

  beforeEach(() => {
    jest.useFakeTimers();
    hub = new CacheHub({ retry: 0 });
    scheduler = new RefetchScheduler(hub);
    requests = 0;
  });

  afterEach(() => {
    scheduler.destroy();
    hub.destroy();
    jest.useRealTimers();
  });

  it('polls an observed entry at its interval with one timer however many observers', async () => {
    const source = counting(() => 1);
    const a = hub.fetch('metrics:summary', source, { staleTime: SECOND, refetchInterval: 5 * SECOND }).subscribe();
    const b = hub.fetch('metrics:summary', source, { staleTime: SECOND, refetchInterval: 5 * SECOND }).subscribe();
    expect(requests).toBe(1);
    await elapse(5 * SECOND);
    expect(requests).toBe(2);
    await elapse(10 * SECOND);
    expect(requests).toBe(4);
    a.unsubscribe();
    b.unsubscribe();
    await elapse(20 * SECOND);
    expect(requests).toBe(4);
    expect(scheduler.isPolling('metrics:summary')).toBe(false);
  });

  it('takes over entries observed before it was created, fetched or still in flight', async () => {
    scheduler.destroy();
    const fetched = hub
      .fetch(
        'metrics:summary',
        counting(() => 1),
        { refetchInterval: 5 * SECOND },
      )
      .subscribe();
    const pending = new Subject<number>();
    const inFlight = hub.fetch('metrics:detail-1', pending, { refetchInterval: 5 * SECOND }).subscribe();
    scheduler = new RefetchScheduler(hub);
    expect(scheduler.isPolling('metrics:summary')).toBe(true);
    pending.next(1);
    pending.complete();
    expect(scheduler.isPolling('metrics:detail-1')).toBe(true);
    scheduler.setLive('metrics', true);
    expect(scheduler.isPolling('metrics:detail-1')).toBe(false);
    scheduler.setVisible(false);
    scheduler.setVisible(true);
    expect(requests).toBe(2);
    fetched.unsubscribe();
    inFlight.unsubscribe();
  });

  it('adapts the interval to the data', async () => {
    let status: Order['status'] = 'processing';
    hub
      .fetch<Order>(
        'orders:detail-1',
        counting(() => ({ status })),
        { refetchInterval: orderInterval },
      )
      .subscribe();
    await elapse(5 * SECOND);
    expect(requests).toBe(2);
    status = 'delivered';
    await elapse(5 * SECOND);
    expect(requests).toBe(3);
    await elapse(59 * SECOND);
    expect(requests).toBe(3);
    await elapse(1 * SECOND);
    expect(requests).toBe(4);
  });

  it('does not poll entries nobody observes', async () => {
    await firstValueFrom(
      hub.fetch(
        'metrics:summary',
        counting(() => 1),
        { refetchInterval: SECOND },
      ),
    );
    await elapse(10 * SECOND);
    expect(requests).toBe(1);
  });

  it('does not poll in a hidden tab unless told to, and refetches stale entries on focus', async () => {
    hub
      .fetch(
        'metrics:summary',
        counting(() => 1),
        { refetchInterval: 5 * SECOND },
      )
      .subscribe();
    hub
      .fetch(
        'payouts:list',
        counting(() => 2),
        { staleTime: 60 * SECOND, refetchInterval: 10 * SECOND, refetchIntervalInBackground: true },
      )
      .subscribe();
    expect(requests).toBe(2);
    scheduler.setVisible(false);
    await elapse(20 * SECOND);
    expect(requests).toBe(4);
    scheduler.setVisible(true);
    expect(requests).toBe(5);
  });

  it('refetches on focus always, when stale, or never, per refetchOnFocus', async () => {
    hub
      .fetch(
        'a:always',
        counting(() => 1),
        { staleTime: 60 * SECOND, refetchOnFocus: 'always' },
      )
      .subscribe();
    hub
      .fetch(
        'a:fresh',
        counting(() => 1),
        { staleTime: 60 * SECOND },
      )
      .subscribe();
    hub
      .fetch(
        'a:never',
        counting(() => 1),
        { refetchOnFocus: false },
      )
      .subscribe();
    expect(requests).toBe(3);
    scheduler.setVisible(false);
    scheduler.setVisible(true);
    expect(requests).toBe(4);
  });

  it('refetches stale observed entries when the network comes back, and does not poll offline', async () => {
    hub
      .fetch(
        'metrics:summary',
        counting(() => 1),
        { refetchInterval: 5 * SECOND },
      )
      .subscribe();
    scheduler.setOnline(false);
    await elapse(30 * SECOND);
    expect(requests).toBe(1);
    scheduler.setOnline(true);
    expect(requests).toBe(2);
    await elapse(5 * SECOND);
    expect(requests).toBe(3);
  });

  it('pauses polling while the push channel of the namespace is up and resumes when it drops', async () => {
    hub
      .fetch(
        'products:list-{}',
        counting(() => []),
        { refetchInterval: 5 * SECOND },
      )
      .subscribe();
    hub
      .fetch(
        'metrics:summary',
        counting(() => 1),
        { refetchInterval: 5 * SECOND },
      )
      .subscribe();
    scheduler.setLive('products', true);
    await elapse(15 * SECOND);
    expect(requests).toBe(2 + 3);
    scheduler.setLive('products', false);
    await elapse(5 * SECOND);
    expect(requests).toBe(5 + 2);
  });

  it('keeps polling a live namespace when forced with pollWhileLive', async () => {
    scheduler.setLive('products', true);
    hub
      .fetch(
        'products:list-{}',
        counting(() => []),
        { refetchInterval: 5 * SECOND, pollWhileLive: true },
      )
      .subscribe();
    await elapse(5 * SECOND);
    expect(requests).toBe(2);
  });

  it('takes defaults from the namespace, then the hub', async () => {
    const withDefaults = new CacheHub({ retry: 0, namespaces: { sales: { refetchInterval: 15 * SECOND } } });
    const own = new RefetchScheduler(withDefaults);
    withDefaults
      .fetch(
        'sales:today',
        counting(() => 1),
      )
      .subscribe();
    await elapse(15 * SECOND);
    expect(requests).toBe(2);
    own.destroy();
    withDefaults.destroy();
  });
});

describe('retry sequence', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('retries after 1 s, 2 s and 4 s, then reports the error', async () => {
    const hub = new CacheHub({ retry: 3, retryDelay: exponentialBackoff({ baseMs: SECOND, jitter: false }) });
    const attemptsAt: number[] = [];
    const start = Date.now();
    const errors: unknown[] = [];
    hub
      .fetch(
        'a:1',
        defer(() => {
          attemptsAt.push(Date.now() - start);
          return throwError(() => new Error('down'));
        }),
      )
      .subscribe({ error: (e) => errors.push(e) });
    await elapse(10 * SECOND);
    expect(attemptsAt).toEqual([0, 1 * SECOND, 3 * SECOND, 7 * SECOND]);
    expect(errors).toEqual([new Error('down')]);
    hub.destroy();
  });
});

describe('invalidateOnSuccess', () => {
  it('invalidates the named keys and patterns when the mutation succeeds, and nothing when it fails', async () => {
    const hub = new CacheHub({ retry: 0 });
    hub.set('orders:list-{}', []);
    hub.set('metrics:summary', {});
    hub.set('customers:detail-1', {});
    await firstValueFrom(of('ok').pipe(invalidateOnSuccess(hub, [/^orders:/, 'metrics:summary'])));
    expect(hub.keys()).toEqual(['customers:detail-1']);

    const failing = new Subject<string>();
    const result = firstValueFrom(failing.pipe(invalidateOnSuccess(hub, ['customers:detail-1'])));
    failing.error(new Error('refused'));
    await expect(result).rejects.toThrow('refused');
    expect(hub.keys()).toEqual(['customers:detail-1']);
    hub.destroy();
  });
});
