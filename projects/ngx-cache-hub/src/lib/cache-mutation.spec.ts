import { Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { CacheHubService } from './cache-hub.service';
import { cacheMutation } from './cache-mutation';
import { injectNamespace } from './inject-namespace';
import { OFFLINE_MUTATION_QUEUE, OfflineMutationQueue } from './offline-mutation-queue';
import { provideCacheHub } from './provide-cache-hub';

interface Customer {
  id: string;
  name: string;
}
interface Rename {
  id: string;
  name: string;
}

const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve)).then(() => undefined);

describe('cacheMutation', () => {
  let hub: CacheHubService;
  let injector: Injector;
  let server: Subject<Customer>;
  const rename = (extra: Partial<Parameters<typeof cacheMutation<Rename, Customer>>[0]> = {}) =>
    cacheMutation<Rename, Customer>({
      injector,
      mutationFn: () => (server = new Subject<Customer>()),
      optimistic: ({ id, name }) => [{ key: `c:detail-${id}`, update: (c?: Customer) => c && { ...c, name } }],
      ...extra,
    });

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0, staleTime: 60_000 })] });
    hub = TestBed.inject(CacheHubService);
    injector = TestBed.inject(Injector);
    hub.set('c:detail-1', { id: '1', name: 'Ada' });
  });

  it('shows the optimistic change while pending and commits it on success', async () => {
    const mutation = rename();
    expect(mutation.status()).toBe('idle');
    const done = mutation.mutateAsync({ id: '1', name: 'Grace' });
    expect(mutation.status()).toBe('pending');
    expect(mutation.isPending()).toBe(true);
    expect(hub.getValue<Customer>('c:detail-1')?.name).toBe('Grace');

    server.next({ id: '1', name: 'Grace (server)' });
    server.complete();
    await expect(done).resolves.toEqual({ id: '1', name: 'Grace (server)' });
    expect(mutation.status()).toBe('success');
    expect(mutation.value()).toEqual({ id: '1', name: 'Grace (server)' });
    // Committed: the layer is gone, so a later server write is shown as it is.
    hub.set('c:detail-1', { id: '1', name: 'Pushed' });
    expect(hub.getValue<Customer>('c:detail-1')?.name).toBe('Pushed');
  });

  it('keeps the accepted change in an observed entry that has no source to refetch it from', async () => {
    const shown: (string | undefined)[] = [];
    const watching = hub.watch<Customer>('c:detail-1').subscribe((c) => shown.push(c?.name));
    const done = rename().mutateAsync({ id: '1', name: 'Grace' });
    server.next({ id: '1', name: 'Grace' });
    server.complete();
    await done;
    await flush();

    expect([...new Set(shown)]).toEqual(['Ada', 'Grace']); // never back to Ada
    expect(hub.getValue<Customer>('c:detail-1')?.name).toBe('Grace');
    hub.set('c:detail-1', { id: '1', name: 'Pushed' }); // the layer is gone
    expect(hub.getValue<Customer>('c:detail-1')?.name).toBe('Pushed');
    watching.unsubscribe();
  });

  it('rolls the optimistic change back when the call fails, restoring the cache', async () => {
    const onError = jest.fn();
    const mutation = rename({ onError });
    mutation.mutate({ id: '1', name: 'Grace' });
    expect(hub.getValue<Customer>('c:detail-1')?.name).toBe('Grace');

    const failure = new Error('409 Conflict');
    server.error(failure);
    await flush();
    expect(hub.getValue<Customer>('c:detail-1')).toEqual({ id: '1', name: 'Ada' });
    expect(mutation.status()).toBe('error');
    expect(mutation.error()).toBe(failure);
    expect(mutation.isPending()).toBe(false);
    expect(onError).toHaveBeenCalledWith(failure, { id: '1', name: 'Grace' });

    mutation.reset();
    expect(mutation.status()).toBe('idle');
    expect(mutation.error()).toBeUndefined();
  });

  describe('against an observed entry the server owns', () => {
    /** The server's copy of customer 1, read by every fetch of the detail. */
    let stored: Customer;
    let shown: (string | undefined)[];
    beforeEach(() => {
      stored = { id: '1', name: 'Ada' };
      hub.delete('c:detail-1');
      shown = [];
      hub.fetch<Customer>('c:detail-1', () => Promise.resolve({ ...stored })).subscribe((c) => shown.push(c?.name));
    });
    const write = (mutation: ReturnType<typeof rename>, name: string) => {
      const done = mutation.mutateAsync({ id: '1', name });
      return { done, answer: server };
    };

    it('after a success shows the server value, never the value from before the call', async () => {
      await flush();
      expect(shown).toEqual(['Ada']);
      const mutation = rename();
      const { done, answer } = write(mutation, 'Ada L.');
      expect(shown.at(-1)).toBe('Ada L.');
      stored = { id: '1', name: 'Ada L.' };
      answer.next(stored);
      answer.complete();
      await done;
      await flush();
      await flush();
      expect(hub.getValue<Customer>('c:detail-1')?.name).toBe('Ada L.');
      expect(shown.slice(shown.indexOf('Ada L.'))).not.toContain('Ada');
      // The layer is gone: the next server write shows as it is.
      hub.set('c:detail-1', { id: '1', name: 'Pushed' });
      expect(hub.getValue<Customer>('c:detail-1')?.name).toBe('Pushed');
    });

    it('overlapping calls end at the server value whichever fails', async () => {
      await flush();
      const first = write(rename(), 'first');
      const second = write(rename(), 'second');
      stored = { id: '1', name: 'second' };
      second.answer.next(stored);
      second.answer.complete();
      await second.done;
      first.answer.error(new Error('409'));
      await expect(first.done).rejects.toThrow('409');
      await flush();
      await flush();
      expect(hub.getValue<Customer>('c:detail-1')?.name).toBe('second');
    });
  });

  it('a throwing optimistic() fails the call without throwing from mutate()', async () => {
    const mutation = cacheMutation<Rename, Customer>({
      injector,
      mutationFn: () => (server = new Subject<Customer>()),
      optimistic: () => {
        throw new Error('bad optimistic');
      },
    });
    expect(() => mutation.mutate({ id: '1', name: 'x' })).not.toThrow();
    await flush();
    expect(mutation.status()).toBe('error');
    await expect(mutation.mutateAsync({ id: '1', name: 'x' })).rejects.toThrow('bad optimistic');
  });

  it('mutateAsync rejects with the error; a synchronous throw of mutationFn fails the same way', async () => {
    const mutation = cacheMutation<Rename, Customer>({
      injector,
      mutationFn: () => {
        throw new Error('bad input');
      },
    });
    await expect(mutation.mutateAsync({ id: '1', name: 'x' })).rejects.toThrow('bad input');
    expect(mutation.status()).toBe('error');
  });

  it('state follows the latest call when calls overlap', async () => {
    const answers: Subject<Customer>[] = [];
    const mutation = cacheMutation<Rename, Customer>({ injector, mutationFn: () => answers[answers.push(new Subject<Customer>()) - 1] });
    const first = mutation.mutateAsync({ id: '1', name: 'one' });
    mutation.mutate({ id: '1', name: 'two' });
    answers[0].error(new Error('late failure of the first call'));
    await expect(first).rejects.toThrow('late failure');
    expect(mutation.status()).toBe('pending');
    answers[1].next({ id: '1', name: 'two' });
    answers[1].complete();
    await flush();
    expect(mutation.status()).toBe('success');
    expect(mutation.error()).toBeUndefined();
  });

  it('invalidates keys relative to its namespace on success, and only there', async () => {
    hub.set('orders:list-open', [1]);
    hub.set('customers:list-open', [2]);
    const orders = TestBed.runInInjectionContext(() => injectNamespace('orders'));
    const mutation = cacheMutation({ injector, cache: orders, mutationFn: () => Promise.resolve('ok'), invalidate: ['list-open'] });
    expect(hub.isStale('orders:list-open')).toBe(false);
    await mutation.mutateAsync(undefined);
    expect(hub.isStale('orders:list-open')).toBe(true);
    expect(hub.isStale('customers:list-open')).toBe(false);
  });

  it('computes invalidation from the result and the variables', async () => {
    hub.set('c:detail-2', { id: '2', name: 'Bob' });
    hub.set('c:detail-3', { id: '3', name: 'Eve' });
    const mutation = cacheMutation({
      injector,
      mutationFn: (id: string) => Promise.resolve({ id, name: 'new' }),
      invalidate: (result: Customer) => [`c:detail-${result.id}`],
    });
    await mutation.mutateAsync('2');
    expect(hub.isStale('c:detail-2')).toBe(true);
    expect(hub.isStale('c:detail-3')).toBe(false);
  });

  it('throws NCH106 for an absolute key given to a namespace', async () => {
    const orders = TestBed.runInInjectionContext(() => injectNamespace('orders'));
    const mutation = cacheMutation({ injector, cache: orders, mutationFn: () => Promise.resolve(1), invalidate: ['orders:list-open'] });
    await expect(mutation.mutateAsync(undefined)).rejects.toMatchObject({ code: 106 });
  });

  describe('offline', () => {
    it('needs withOfflineSync(): NCH400 without the queue', () => {
      expect(() => cacheMutation({ injector, mutationFn: () => Promise.resolve(1), offline: { type: 'x' } })).toThrow(/NCH400/);
    });

    it('registers a handler with absolute optimistic keys and enqueues instead of sending', async () => {
      const queue: jest.Mocked<OfflineMutationQueue> = {
        register: jest.fn(),
        enqueue: jest.fn((_input: { readonly type: string; readonly payload: unknown }) => Promise.resolve<unknown>({})),
      };
      TestBed.resetTestingModule();
      TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0 }), { provide: OFFLINE_MUTATION_QUEUE, useValue: queue }] });
      hub = TestBed.inject(CacheHubService);
      hub.set('customers:list-all', []);
      const customers = TestBed.runInInjectionContext(() => injectNamespace('customers'));
      const mutationFn = jest.fn((v: Rename) => Promise.resolve({ id: v.id, name: v.name }));
      const mutation = cacheMutation({
        injector: TestBed.inject(Injector),
        cache: customers,
        mutationFn,
        optimistic: ({ id, name }: Rename) => [{ key: `detail-${id}`, update: () => ({ id, name }) }],
        invalidate: ['list-all'],
        offline: { type: 'customer.rename' },
      });

      await mutation.mutateAsync({ id: '7', name: 'Zed' });
      expect(mutationFn).not.toHaveBeenCalled();
      expect(queue.enqueue).toHaveBeenCalledWith({ type: 'customer.rename', payload: { id: '7', name: 'Zed' } });
      expect(mutation.status()).toBe('success');

      const [type, handler] = queue.register.mock.calls[0];
      expect(type).toBe('customer.rename');
      expect(handler.optimistic!({ id: '7', name: 'Zed' }).map((edit) => edit.key)).toEqual(['customers:detail-7']);
      await handler.execute({ id: '7', name: 'Zed' }, { idempotencyKey: 'k-1' });
      expect(mutationFn).toHaveBeenCalledWith({ id: '7', name: 'Zed' }, { idempotencyKey: 'k-1' });
      expect(hub.isStale('customers:list-all')).toBe(true);
    });
  });
});
