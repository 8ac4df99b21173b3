import { skip } from 'rxjs';
import { type CacheHub } from '../hub/cache-hub';
import { CacheHubError, CacheHubErrorCode } from '../hub/cache-hub-error';
import { detailKey, listKey } from '../entity/entity-key';
import { type EntityStore } from '../entity/entity-store';
import type { BatchingOptions } from './batching-options';
import { created, deleted, Product, product, productStore, updated } from './testing-internal/product-events';
import { UpdateBatcher } from './update-batcher';

const DEBOUNCE_MS = 16;
const MAX_WAIT_MS = 100;
const ONE = detailKey('products', '1');

describe('UpdateBatcher', () => {
  let hub: CacheHub;
  let store: EntityStore;
  let batcher: UpdateBatcher;
  /** Timers the hub keeps for itself (its gc sweep). */
  let hubTimers: number;

  const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);
  const waitQuietPeriod = () => elapse(DEBOUNCE_MS);
  const flushBatch = () => elapse(MAX_WAIT_MS);
  const batcherTimers = () => jest.getTimerCount() - hubTimers;
  const stockOf = (key: string) => hub.peek<Product>(key)?.stock;
  const useBatcher = (options: BatchingOptions) => {
    batcher.destroy();
    batcher = new UpdateBatcher(hub, store, options);
  };

  beforeEach(() => {
    jest.useFakeTimers();
    ({ hub, store } = productStore());
    hub.set(ONE, product('1'));
    hubTimers = jest.getTimerCount();
    batcher = new UpdateBatcher(hub, store, { debounceMs: DEBOUNCE_MS, maxWaitMs: MAX_WAIT_MS });
  });

  afterEach(() => {
    batcher.destroy();
    hub.destroy();
    jest.useRealTimers();
  });

  describe('flush triggers', () => {
    it('applies nothing until the stream has been quiet for debounceMs', async () => {
      batcher.push(updated('1', 2, { stock: 3 }));
      await elapse(DEBOUNCE_MS - 1);
      expect(stockOf(ONE)).toBe(10);
      expect(batcher.stats().pending).toBe(1);

      await elapse(1);
      expect(stockOf(ONE)).toBe(3);
      expect(batcher.stats()).toMatchObject({ flushes: 1, pending: 0 });
    });

    it('restarts the quiet period with each event and applies the burst in one flush', async () => {
      batcher.push(updated('1', 2, { stock: 3 }));
      await elapse(10);
      batcher.push(updated('1', 3, { stock: 4 }));
      await elapse(10);
      expect(stockOf(ONE)).toBe(10);

      await elapse(DEBOUNCE_MS - 10);
      expect(stockOf(ONE)).toBe(4);
      expect(batcher.stats()).toMatchObject({ flushes: 1, framesIn: 2, coalesced: 1 });
    });

    it('flushes maxWaitMs after the first buffered event while events keep coming', async () => {
      for (let t = 0; t < MAX_WAIT_MS; t += 10) {
        batcher.push(updated('1', t + 2, { stock: t }));
        await elapse(10);
        if (t + 10 < MAX_WAIT_MS) expect(batcher.stats().flushes).toBe(0);
      }
      expect(batcher.stats().flushes).toBe(1);
      expect(stockOf(ONE)).toBe(90);
    });

    it('flushes synchronously once maxBatch events are buffered', () => {
      useBatcher({ maxBatch: 3 });
      batcher.push(updated('1', 2, { stock: 1 }));
      batcher.push(updated('1', 3, { stock: 2 }));
      expect(batcher.stats().flushes).toBe(0);

      batcher.push(updated('1', 4, { stock: 3 }));
      expect(batcher.stats()).toMatchObject({ flushes: 1, pending: 0 });
      expect(stockOf(ONE)).toBe(3);
      expect(batcherTimers()).toBe(0);
    });

    it('flush() applies the buffer at once and cancels the pending timer', () => {
      batcher.push(updated('1', 2, { stock: 3 }));
      batcher.flush();
      expect(stockOf(ONE)).toBe(3);
      expect(batcherTimers()).toBe(0);
    });

    it('does not count a flush of an empty buffer', () => {
      batcher.flush();
      expect(batcher.stats().flushes).toBe(0);
    });

    it('flushes at least once per maxWaitMs under a continuous stream of one event per millisecond for 10 s', () => {
      const tick = () => jest.advanceTimersByTime(1);
      const start = Date.now();
      const flushedAt: number[] = [];
      hub
        .watch(ONE)
        .pipe(skip(1))
        .subscribe(() => flushedAt.push(Date.now() - start));

      for (let t = 0; t < 10_000; t++) {
        batcher.push(updated('1', t + 2, { stock: t }));
        tick();
      }

      const gaps = flushedAt.map((at, i) => at - (i === 0 ? 0 : flushedAt[i - 1]));
      expect(flushedAt.length).toBeGreaterThanOrEqual(10_000 / MAX_WAIT_MS);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_WAIT_MS);
      expect(batcher.stats().flushes).toBe(flushedAt.length);
    });
  });

  describe('notifications', () => {
    it('gives each of 50 list observers at most one notification per flush for 10 000 updates to 100 entities', async () => {
      // Pages hold what the server gave them: no matches or sort that would move entities between them.
      store.register('products');
      const ids = Array.from({ length: 100 }, (_, i) => String(i));
      const lists = Array.from({ length: 50 }, (_, j) => listKey('products', { page: j }));
      const held = lists.map((_, j) => Array.from({ length: 20 }, (_, k) => ids[(j * 2 + k * 5) % 100]));
      const truth = new Map(ids.map((id) => [id, product(id)]));
      lists.forEach((key, j) =>
        hub.set(
          key,
          held[j].map((id) => truth.get(id)),
        ),
      );
      const notifications = lists.map(() => 0);
      lists.forEach((key, j) =>
        hub
          .watch(key)
          .pipe(skip(1))
          .subscribe(() => notifications[j]++),
      );

      for (let n = 0; n < 10_000; n++) {
        const id = ids[(n * 37) % 100];
        const current = truth.get(id)!;
        const changes = n % 3 === 0 ? { price: n } : { stock: n };
        truth.set(id, { ...current, ...changes, version: current.version + 1 });
        batcher.push(updated(id, current.version + 1, changes));
      }
      await waitQuietPeriod();

      const { flushes } = batcher.stats();
      expect(flushes).toBe(2);
      for (const count of notifications) {
        expect(count).toBeGreaterThanOrEqual(1);
        expect(count).toBeLessThanOrEqual(flushes);
      }
      lists.forEach((key, j) => expect(hub.peek(key)).toEqual(held[j].map((id) => truth.get(id))));
    });

    it('does not notify observers when a flush changes nothing they hold', async () => {
      const seen: unknown[] = [];
      hub
        .watch(ONE)
        .pipe(skip(1))
        .subscribe((value) => seen.push(value));
      batcher.push(updated('1', 1, { stock: 0 }));
      await flushBatch();
      expect(batcher.stats().flushes).toBe(1);
      expect(seen).toEqual([]);
    });

    it('counts the entries each flush changed, and the notifications out: changed entries something observes', async () => {
      const all = listKey('products', {});
      hub.set(all, [product('1'), product('2')]);
      const notified: unknown[] = [];
      hub
        .watch(all)
        .pipe(skip(1))
        .subscribe((value) => notified.push(value));
      hub
        .watch(all)
        .pipe(skip(1))
        .subscribe((value) => notified.push(value));
      batcher.push(updated('1', 2, { stock: 1 }));
      batcher.push(updated('1', 3, { stock: 2 }));
      batcher.push(updated('2', 2, { stock: 1 }));
      await flushBatch();
      expect(batcher.stats()).toMatchObject({ framesIn: 3, coalesced: 1, applied: 2, entriesChanged: 2, notificationsOut: 1 });
      expect(notified).toHaveLength(2);
    });
  });

  it('counts a key once per flush whether or not it is observed, a removed value too', () => {
    const all = listKey('products', {});
    const counts = (observe: boolean) => {
      const { hub, store } = productStore();
      hub.set(ONE, product('1'));
      hub.set(all, [product('1')]);
      const watching = observe ? [hub.watch(ONE).subscribe(), hub.watch(all).subscribe()] : [];
      const counting = new UpdateBatcher(hub, store);
      const entries = () => counting.stats().entriesChanged;
      // A delete alone: the detail goes (removed, or emptied while observed) and the list loses the item.
      counting.push(deleted('1', 2));
      counting.flush();
      const afterDelete = entries();
      // An update, a delete and a create again of one entity in one flush: its detail and the list, once each.
      hub.set(ONE, product('2'));
      hub.set(all, [product('2')]);
      counting.push(updated('2', 2, { stock: 3 }));
      counting.push(deleted('2', 3));
      counting.push(created(product('2', 4)));
      counting.flush();
      // Two flushes in one outer transaction: each counts what it changed.
      hub.transaction(() => {
        counting.push(updated('2', 5, { stock: 5 }));
        counting.flush();
        counting.push(updated('2', 6, { stock: 6 }));
        counting.flush();
      });
      watching.forEach((subscription) => subscription.unsubscribe());
      counting.destroy();
      hub.destroy();
      return [afterDelete, entries()];
    };
    expect(counts(false)).toEqual([2, 2 + 2 + 4]);
    expect(counts(true)).toEqual(counts(false));
  });

  describe('coalescing', () => {
    it('writes each entry holding an entity once per flush, however many updates it got, in any order of versions', () => {
      const all = listKey('products', {});
      hub.set(all, [product('1'), product('2')]);
      const lists: Product[][] = [];
      const details: Product[] = [];
      hub
        .watch<Product[]>(all)
        .pipe(skip(1))
        .subscribe((items) => lists.push(items!));
      hub
        .watch<Product>(ONE)
        .pipe(skip(1))
        .subscribe((detail) => details.push(detail!));
      for (let version = 41; version >= 2; version--) batcher.push(updated('1', version, version % 2 ? { stock: version } : { price: version }));
      batcher.push(updated('2', 2, { stock: 7 }));
      batcher.flush();
      expect(lists).toHaveLength(1);
      expect(details).toHaveLength(1);
      expect(details[0]).toMatchObject({ stock: 41, price: 40, version: 41 });
      expect(lists[0][0]).toBe(details[0]);
      expect(lists[0][1]).toMatchObject({ stock: 7, version: 2 });
      // Entity 1's 40 updates fold into one per version that still wins a field (40 and 41).
      expect(batcher.stats()).toMatchObject({ framesIn: 41, coalesced: 39, applied: 3 });
    });

    it('keeps per-field versions, so an older update arriving in a later flush still lands', async () => {
      batcher.push(updated('1', 10, { price: 1 }));
      batcher.push(updated('1', 3, { stock: 3 }));
      await flushBatch();
      batcher.push(updated('1', 5, { stock: 5 }));
      await flushBatch();
      expect(hub.peek(ONE)).toEqual(product('1', 10, { price: 1, stock: 5 }));
    });

    it('cancels a create followed by a delete of the same entity, leaving the tombstone', async () => {
      const all = listKey('products', {});
      hub.set(all, [product('1')]);
      const before = hub.peek(all);
      batcher.push(created(product('2')));
      batcher.push(updated('2', 2, { stock: 0 }));
      batcher.push(deleted('2', 3));
      await flushBatch();
      expect(hub.peek(all)).toBe(before);
      expect(batcher.stats()).toMatchObject({ cancelled: 2, applied: 1 });

      batcher.push(created(product('2', 1)));
      await flushBatch();
      expect(hub.peek(all)).toBe(before);
      expect(hub.has(detailKey('products', '2'))).toBe(false);
    });

    it('cancels a create repeated before its delete (a replay) with the first, and notifies nobody', async () => {
      const all = listKey('products', {});
      hub.set(all, [product('1')]);
      const before = hub.peek(all);
      let notified = 0;
      hub.watch(all).subscribe(() => notified++);
      batcher.push(created(product('2')));
      batcher.push(updated('2', 2, { stock: 0 }));
      batcher.push(created(product('2')));
      batcher.push(deleted('2', 3));
      await flushBatch();
      expect(hub.peek(all)).toBe(before);
      expect(notified).toBe(1);
      expect(batcher.stats()).toMatchObject({ cancelled: 3, applied: 1, notificationsOut: 0 });
    });

    it('drops the updates a delete in the same flush ends, so a list they would move the entity into is not touched', async () => {
      const otherGroup = listKey('products', { group: 1 });
      hub.set(otherGroup, []);
      hub.set(detailKey('products', '2'), product('2'));
      const before = hub.peek(otherGroup);
      batcher.push(updated('2', 2, { group: 1 }));
      batcher.push(deleted('2', 3));
      await flushBatch();
      expect(hub.peek(otherGroup)).toBe(before);
      expect(hub.peek(detailKey('products', '2'))).toBeUndefined();
      expect(batcher.stats()).toMatchObject({ cancelled: 1, applied: 1, notificationsOut: 0 });
    });

    it('moves an entity once per fold, to where its last version puts it', async () => {
      const groupZero = listKey('products', { group: 0 });
      hub.set(groupZero, []);
      // A detail answered before the lists knew of the entity: an update of it places it.
      hub.set(detailKey('products', '2'), product('2', 2));
      const before = hub.peek(groupZero);
      batcher.push(updated('2', 3, { stock: 1 }));
      batcher.push(updated('2', 4, { group: 1 }));
      await flushBatch();
      expect(hub.peek(groupZero)).toBe(before);
      expect(hub.peek(detailKey('products', '2'))).toEqual(product('2', 4, { stock: 1, group: 1 }));
    });

    it('keeps out the updates a delete ends when the store refuses that delete as older than the create it knows', async () => {
      store.apply(created(product('2', 5)));
      // A field the create did not carry, set in the life that the delete at 4 ended (the create at 5 is a new one).
      batcher.push(updated('2', 3, { label: 'late' } as Partial<Product>));
      batcher.push(deleted('2', 4));
      await flushBatch();
      expect(hub.peek(detailKey('products', '2'))).toEqual(product('2', 5));
      expect(batcher.stats()).toMatchObject({ cancelled: 0 });
      // An update of the new life still lands.
      batcher.push(updated('2', 6, { label: 'new' } as Partial<Product>));
      await flushBatch();
      expect(hub.peek(detailKey('products', '2'))).toEqual({ ...product('2', 6), label: 'new' });
    });

    it('applies a repeated create whose delete is refused, in its place', async () => {
      store.apply(created(product('2', 5)));
      batcher.push(created(product('2', 1)));
      batcher.push(created(product('2', 2)));
      batcher.push(deleted('2', 3));
      await flushBatch();
      expect(hub.peek(detailKey('products', '2'))).toEqual(product('2', 5));
      expect(batcher.stats()).toMatchObject({ cancelled: 0 });
    });

    it('orders lists as unbatched events do when a sorted create lands beside an entity created and deleted in the flush', async () => {
      const byPriceDescending = (world: { hub: CacheHub; store: EntityStore }) => {
        world.store.register('products', { matches: () => true, sort: (a: Product, b: Product) => b.price - a.price });
        world.hub.set(listKey('products', {}), []);
        return world;
      };
      const events = [created(product('2')), created(product('3')), updated('2', 4, { price: 200 }), created(product('4', 1, { price: 150 })), deleted('2', 7)];
      const unbatched = byPriceDescending(productStore());
      events.forEach((event) => unbatched.store.apply(event));
      byPriceDescending({ hub, store });

      events.forEach((event) => batcher.push(event));
      await flushBatch();

      expect(hub.peek(listKey('products', {}))).toEqual(unbatched.hub.peek(listKey('products', {})));
      unbatched.hub.destroy();
    });

    it('invalidates the lists once instead of inserting more than invalidateListsAbove creates', async () => {
      useBatcher({ invalidateListsAbove: 2 });
      const observed = listKey('products', { group: 0 });
      const unobserved = listKey('products', { group: 1 });
      let requests = 0;
      hub.fetch(observed, () => Promise.resolve([product(`r${++requests}`)])).subscribe();
      await elapse(0);
      hub.set(unobserved, []);
      const invalidate = jest.spyOn(hub, 'invalidate');

      ['a', 'b', 'c'].forEach((id) => batcher.push(created(product(id))));
      await flushBatch();

      expect(invalidate).toHaveBeenCalledTimes(1);
      expect(hub.has(unobserved)).toBe(false);
      expect(requests).toBe(2);
      expect(hub.has(detailKey('products', 'c'))).toBe(true);
      expect(batcher.stats().listInvalidations).toBe(1);
    });
  });

  describe('errors and teardown', () => {
    it('throws at push for a create of the wrong shape, buffering nothing, and the events before it still apply', () => {
      batcher.push(updated('1', 2, { stock: 3 }));
      expect(() => batcher.push(created({ id: 'x' } as Product))).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidEntity }));
      expect(batcher.stats().pending).toBe(1);
      batcher.flush();
      expect(stockOf(ONE)).toBe(3);
    });

    it('applies the rest of a flush when the store rejects an event, then throws its error', () => {
      const rejection = new CacheHubError(CacheHubErrorCode.InvalidEntity, 'rejected by the store');
      jest.spyOn(store, 'apply').mockImplementationOnce(() => {
        throw rejection;
      });
      batcher.push(created(product('7', 1)));
      batcher.push(updated('1', 2, { stock: 3 }));
      expect(() => batcher.flush()).toThrow(rejection);
      expect(stockOf(ONE)).toBe(3);
    });

    it('hands rejected events to onError instead of throwing', () => {
      const onError = jest.fn();
      useBatcher({ onError });
      const bad = created({ id: 'x' } as Product);
      batcher.push(bad);
      batcher.flush();
      expect(onError).toHaveBeenCalledWith(expect.any(CacheHubError), bad);
    });

    it('leaves no timer and drops pending events on destroy', async () => {
      batcher.push(updated('1', 2, { stock: 3 }));
      batcher.destroy();
      expect(batcherTimers()).toBe(0);
      await flushBatch();
      expect(stockOf(ONE)).toBe(10);
      expect(() => batcher.push(updated('1', 3, { stock: 4 }))).toThrow(expect.objectContaining({ code: CacheHubErrorCode.HubDestroyed }));
    });

    it('schedules flushes with the scheduler it is given', () => {
      const calls: number[] = [];
      let run = () => {};
      useBatcher({
        scheduler: {
          now: () => 0,
          schedule: (callback, delayMs) => {
            calls.push(delayMs);
            run = callback;
            return () => {};
          },
        },
      });
      batcher.push(updated('1', 2, { stock: 3 }));
      expect(calls).toEqual([16]);
      run();
      expect(calls).toEqual([16, 16]);
      expect(stockOf(ONE)).toBe(10);
    });
  });
});
