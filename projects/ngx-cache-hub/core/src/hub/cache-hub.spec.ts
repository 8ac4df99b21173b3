import { BehaviorSubject, defer, firstValueFrom, NEVER, Observable, of, Subject, throwError } from 'rxjs';
import { CacheHub } from './cache-hub';
import { CacheHubError, CacheHubErrorCode } from './cache-hub-error';

const MINUTE = 60_000;
const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);

function record<T>(source: Observable<T>) {
  const values: T[] = [];
  const errors: unknown[] = [];
  const subscription = source.subscribe({ next: (v) => values.push(v), error: (e) => errors.push(e) });
  return { values, errors, subscription };
}

describe('CacheHub', () => {
  let hub: CacheHub;

  beforeEach(() => {
    jest.useFakeTimers();
    hub = new CacheHub({ retry: 0 });
  });

  afterEach(() => {
    hub.destroy();
    jest.useRealTimers();
  });

  describe('entries', () => {
    it('stores, reads, updates and deletes values by key', () => {
      hub.set('customers:detail-1', { name: 'Ada' });
      expect(hub.getValue('customers:detail-1')).toEqual({ name: 'Ada' });
      expect(hub.has('customers:detail-1')).toBe(true);

      const next = hub.update<{ name: string }>('customers:detail-1', (c) => ({ name: `${c?.name}!` }));
      expect(next).toEqual({ name: 'Ada!' });

      expect(hub.delete('customers:detail-1')).toBe(true);
      expect(hub.has('customers:detail-1')).toBe(false);
      expect(hub.delete('customers:detail-1')).toBe(false);
    });

    it('get emits the current value once and completes', async () => {
      hub.set('a:1', 7);
      await expect(firstValueFrom(hub.get('a:1'))).resolves.toBe(7);
    });

    it('clear removes every value and tells observers', () => {
      hub.set('a:1', 1);
      const seen = record(hub.watch('a:1'));
      hub.clear();
      expect(hub.keys()).toEqual([]);
      expect(seen.values).toEqual([1, undefined]);
    });

    it.each([[''], [42], [null], [undefined], [{}]])('rejects the key %p with a typed error', (key) => {
      expect(() => hub.set(key as string, 1)).toThrow(CacheHubError);
      try {
        hub.getValue(key as string);
      } catch (error) {
        expect((error as CacheHubError).code).toBe(CacheHubErrorCode.InvalidKey);
        expect((error as Error).message).toMatch(/^ngx-cache-hub: NCH100: A cache key must be a non-empty string/);
      }
    });

    it('rejects an unknown pattern type', () => {
      expect(() => hub.keys(42 as never)).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidPattern }));
    });

    it('rejects invalid options', () => {
      expect(() => new CacheHub({ maxEntries: -1 })).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidOption }));
    });

    it('treats hostile keys as plain keys', () => {
      hub.set('__proto__', 1);
      hub.set('constructor:prototype', 2);
      expect(hub.getValue('__proto__')).toBe(1);
      expect(hub.keys(/^constructor:/)).toEqual(['constructor:prototype']);
      expect(({} as Record<string, unknown>)['constructor:prototype']).toBeUndefined();
    });
  });

  describe('keys and invalidate', () => {
    beforeEach(() => {
      hub.set('customers:detail-1', 1);
      hub.set('customers:list-{"page":1}', []);
      hub.set('orders:detail-1', 2);
      hub.set('plain', 3);
    });

    it('matches exact keys, regular expressions and predicates', () => {
      expect(hub.keys('orders:detail-1')).toEqual(['orders:detail-1']);
      expect(hub.keys(/^customers:/).sort()).toEqual(['customers:detail-1', 'customers:list-{"page":1}']);
      expect(hub.keys(/detail/g).sort()).toEqual(['customers:detail-1', 'orders:detail-1']);
      expect(hub.keys((key) => !key.includes(':'))).toEqual(['plain']);
    });

    it('drops unobserved entries on invalidate', () => {
      expect(hub.invalidate(/^customers:/)).toBe(2);
      expect(hub.keys().sort()).toEqual(['orders:detail-1', 'plain']);
    });

    it('refetches observed entries on invalidate and keeps the value until the new one lands', async () => {
      const responses = new Subject<number>();
      let requests = 0;
      const seen = record(hub.fetch('orders:count', () => (requests++, responses)));
      responses.next(1);
      responses.complete();
      const next = new Subject<number>();
      hub
        .fetch('orders:count', () => next)
        .subscribe()
        .unsubscribe();
      expect(hub.invalidate('orders:count')).toBe(1);
      expect(hub.getValue('orders:count')).toBe(1);
      next.next(2);
      expect(seen.values).toEqual([1, 2]);
      expect(requests).toBe(1);
    });
  });

  describe('watch', () => {
    it('emits the current value and every change by reference', () => {
      const seen = record(hub.watch<object>('a:1'));
      const first = { n: 1 };
      hub.set('a:1', first);
      hub.set('a:1', first);
      hub.set('a:1', { n: 1 });
      expect(seen.values.length).toBe(3);
      expect(seen.values[0]).toBeUndefined();
      expect(seen.values[1]).toBe(first);
    });

    it('gives one notification per observed key for a transaction', () => {
      const a = record(hub.watch('a:1'));
      const b = record(hub.watch('a:2'));
      hub.transaction(() => {
        for (let i = 0; i < 10; i++) {
          hub.set('a:1', i);
          hub.set('a:2', i * 2);
        }
      });
      expect(a.values).toEqual([undefined, 9]);
      expect(b.values).toEqual([undefined, 18]);
    });

    it('stamps the writes of one transaction with one time, that of its first write', () => {
      let now = 1_000;
      const timed = new CacheHub({ now: () => now });
      timed.transaction(() => {
        timed.set('a:1', 1);
        now = 1_050;
        timed.set('a:2', 2);
      });
      timed.set('a:3', 3);
      expect(timed.inspect().map((entry) => entry.updatedAt)).toEqual([1_000, 1_000, 1_050]);
      timed.destroy();
    });

    it('gives no notification when a transaction leaves the value as it was', () => {
      hub.set('a:1', 'x');
      const seen = record(hub.watch('a:1'));
      hub.transaction(() => {
        hub.set('a:1', 'y');
        hub.set('a:1', 'x');
      });
      expect(seen.values).toEqual(['x']);
    });
    it('stays silent through state-only changes: fetch start, error and invalidate', () => {
      hub.set('a:1', 1);
      const watched = record(hub.watch('a:1'));
      const states = record(hub.watchState('a:1'));
      const failing = new Subject<number>();
      const fetcher = record(hub.fetch('a:1', failing));
      failing.error(new Error('down'));
      hub.invalidate('a:1', { refetch: false });
      expect(watched.values).toEqual([1]);
      expect(fetcher.values).toEqual([1]);
      expect(fetcher.errors).toHaveLength(1);
      expect(states.values.map((state) => [state.isFetching, state.error !== null, state.isStale])).toEqual([
        [false, false, true],
        [true, false, true],
        [false, true, true],
        [false, true, true],
      ]);
    });
  });

  describe('fetch', () => {
    it('serves a fresh value without a request', async () => {
      const source = jest.fn(() => of('v1'));
      await firstValueFrom(hub.fetch('a:1', source, { staleTime: MINUTE }));
      await firstValueFrom(hub.fetch('a:1', source, { staleTime: MINUTE }));
      expect(source).toHaveBeenCalledTimes(1);
      expect(hub.stats()).toMatchObject({ hits: 1, misses: 1, hitRate: 0.5 });
    });

    it('serves the stale value first and the fresh one when it lands', () => {
      hub.set('a:1', 'old');
      const response = new Subject<string>();
      const seen = record(hub.fetch('a:1', () => response));
      expect(seen.values).toEqual(['old']);
      response.next('new');
      expect(seen.values).toEqual(['old', 'new']);
    });

    it('accepts a promise-returning source', async () => {
      await expect(firstValueFrom(hub.fetch('a:1', () => Promise.resolve(5)))).resolves.toBe(5);
    });

    it('keeps emitting later changes to the entry', () => {
      const seen = record(hub.fetch('a:1', () => of(1)));
      hub.set('a:1', 2);
      expect(seen.values).toEqual([1, 2]);
    });

    it('delivers errors to the caller and leaves the cached value alone', () => {
      hub.set('a:1', 'kept');
      const failure = new Error('boom');
      const seen = record(hub.fetch('a:1', () => throwError(() => failure)));
      expect(seen.errors).toEqual([failure]);
      expect(hub.getValue('a:1')).toBe('kept');
      const again = record(hub.fetch('a:1', () => of('recovered')));
      expect(again.values).toEqual(['kept', 'recovered']);
    });

    it('retries with backoff before giving up', async () => {
      let attempts = 0;
      const failing = defer(() => {
        attempts++;
        return throwError(() => new Error('down'));
      });
      const seen = record(hub.fetch('a:1', failing, { retry: 2, retryDelay: (n) => 1000 * 2 ** n }));
      expect(attempts).toBe(1);
      await elapse(1000);
      expect(attempts).toBe(2);
      await elapse(1999);
      expect(attempts).toBe(2);
      await elapse(1);
      expect(attempts).toBe(3);
      expect(seen.errors).toHaveLength(1);
    });

    it('reports isFetching, error and updatedAt through watchState', () => {
      const response = new Subject<number>();
      const states = record(hub.watchState<number>('a:1'));
      hub.fetch('a:1', () => response).subscribe({ error: () => undefined });
      expect(states.values.at(-1)).toMatchObject({ isFetching: true, hasValue: false });
      response.error(new Error('x'));
      expect(states.values.at(-1)).toMatchObject({ isFetching: false, error: new Error('x'), updatedAt: null });
    });
  });

  describe('limits', () => {
    it('evicts the least recently used unobserved entry past maxEntries', () => {
      const small = new CacheHub({ maxEntries: 2 });
      small.set('a:1', 1);
      small.set('a:2', 2);
      small.getValue('a:1');
      small.set('a:3', 3);
      expect(small.keys().sort()).toEqual(['a:1', 'a:3']);
      expect(small.stats().evictions).toBe(1);
      small.destroy();
    });

    it('counts an entry as used when its last observer leaves, though writes while observed do not move it', () => {
      const small = new CacheHub({ maxEntries: 2 });
      small.set('a:1', 1);
      const watching = small.watch('a:1').subscribe();
      small.set('a:2', 2);
      small.set('a:1', 10);
      watching.unsubscribe();
      small.set('a:3', 3);
      expect(small.keys().sort()).toEqual(['a:1', 'a:3']);
      small.destroy();
    });

    it('holds nothing after destroy, also when an observer leaves later, which evicts nothing set since', () => {
      const small = new CacheHub({ maxEntries: 1 });
      const watching = small.watch('a:1').subscribe();
      small.set('a:1', 1);
      small.destroy();
      // The same key observed again, and one more: over maxEntries while a:1 is observed.
      const again = small.watch('a:1').subscribe();
      small.set('a:1', 2);
      small.set('a:2', 2);
      watching.unsubscribe();
      expect(small.inspect().map((entry) => entry.key)).toEqual(['a:1', 'a:2']);
      expect(small.stats()).toMatchObject({ entries: 2, evictions: 0 });
      again.unsubscribe();
      small.destroy();
    });

    it('never evicts an observed entry', () => {
      const small = new CacheHub({ maxEntries: 1 });
      const sub = small.watch('a:1').subscribe();
      small.set('a:1', 1);
      small.set('a:2', 2);
      small.set('a:3', 3);
      expect(small.has('a:1')).toBe(true);
      sub.unsubscribe();
      small.destroy();
    });

    it('expires values after ttl', async () => {
      jest.setSystemTime(0);
      hub.set('a:1', 1, { ttl: 1000 });
      await elapse(999);
      expect(hub.has('a:1')).toBe(true);
      await elapse(1);
      expect(hub.getValue('a:1')).toBeUndefined();
    });

    it('collects unobserved entries after gcTime and then holds no timer', async () => {
      const gc = new CacheHub({ gcTime: 5000 });
      gc.set('a:1', 1);
      const sub = gc.watch('a:2').subscribe();
      gc.set('a:2', 2);
      sub.unsubscribe();
      await elapse(10_000);
      expect(gc.keys()).toEqual([]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('keeps observed entries past gcTime', async () => {
      const gc = new CacheHub({ gcTime: 1000 });
      const sub = gc.watch('a:1').subscribe();
      gc.set('a:1', 1);
      await elapse(5000);
      expect(gc.has('a:1')).toBe(true);
      sub.unsubscribe();
      gc.destroy();
    });

    it('counts requests in flight', () => {
      const sub = hub.fetch('a:1', NEVER).subscribe();
      expect(hub.stats().inFlight).toBe(1);
      sub.unsubscribe();
    });
  });

  it('lets observers of a BehaviorSubject-like source see every value', () => {
    const source = new BehaviorSubject(1);
    const seen = record(hub.fetch('a:1', source));
    source.next(2);
    expect(seen.values).toEqual([1, 2]);
  });
});

describe('CacheHub invalidation during a fetch', () => {
  it('fetches again once a request in flight when the entry was invalidated has settled', () => {
    const hub = new CacheHub({ retry: 0 });
    const answers: Subject<number>[] = [];
    hub
      .fetch('n:detail-1', () => {
        const answer = new Subject<number>();
        answers.push(answer);
        return answer;
      })
      .subscribe();
    hub.invalidate('n:detail-1');
    expect(answers).toHaveLength(1); // the request in flight goes on
    answers[0].next(1);
    answers[0].complete();
    expect(answers).toHaveLength(2); // its answer may be older than the invalidation
    answers[1].next(2);
    answers[1].complete();
    expect(hub.peek('n:detail-1')).toBe(2);
    expect(answers).toHaveLength(2);
    hub.destroy();
  });
});
