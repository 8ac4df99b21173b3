import { skip } from 'rxjs';
import { CacheHub, detailKey, type EntityEvent, EntityStore, listKey, UpdateBatcher } from 'ngx-cache-hub/core';
import { listPayloads, Product, Workload } from '../workload';
import { Contender, counters, LiveCache } from './contender';

/** The hub's key of list j. */
export const productListKey = (list: number) => listKey('products', { list });

/** A hub and store holding the workload's details and lists, no expiry (the bench has no clock to wait on). */
export function seededHub(workload: Workload): { hub: CacheHub; store: EntityStore } {
  const hub = new CacheHub({ maxEntries: workload.entities.length + workload.lists.length + 1, ttl: Infinity, gcTime: Infinity });
  const store = new EntityStore(hub, Math.max(50_000, workload.entities.length * 2));
  store.register('products');
  for (const entity of workload.entities) hub.set(detailKey('products', entity.id), { ...entity });
  listPayloads(workload).forEach((items, j) => hub.set(productListKey(j), items));
  return { hub, store };
}

/** The LiveCache of a seeded hub: one `hub.watch` per list, counting emissions after the first. */
function liveCache(hub: CacheHub, workload: Workload, apply: LiveCache['apply'], flushes?: () => number): LiveCache {
  const { counts, observer } = counters(workload.lists.length);
  const subscriptions = workload.lists.map((_, j) => hub.watch(productListKey(j)).pipe(skip(1)).subscribe(observer(j)));
  return {
    apply,
    notificationsPerList: () => counts,
    listItems: (j) => hub.peek<Product[]>(productListKey(j)),
    flushes,
    dispose: () => {
      subscriptions.forEach((subscription) => subscription.unsubscribe());
      hub.destroy();
    },
  };
}

/** ngx-cache-hub without batching: `EntityStore.applyUpdate` per event. */
export const ngxCacheHubUnbatched: Contender = {
  name: 'ngx-cache-hub, unbatched',
  note: 'EntityStore.applyUpdate per event, hub.watch per list',
  setup(workload) {
    const { hub, store } = seededHub(workload);
    return liveCache(hub, workload, (updates) => updates.forEach((update) => store.applyUpdate(update)));
  },
};

/**
 * ngx-cache-hub through `UpdateBatcher` with its default options. `frameEvents` flushes after every
 * that many events, as frames would cut a stream; without it the default `maxBatch` cuts it and
 * the rest is flushed at the end (one burst).
 */
export function ngxCacheHubBatched(frameEvents?: number): Contender {
  return {
    name: frameEvents ? `ngx-cache-hub, batched (flush every ${frameEvents} events)` : 'ngx-cache-hub, batched (flush at maxBatch)',
    note: frameEvents
      ? `UpdateBatcher with default options, flush() after every ${frameEvents} events as frames would cut a stream of ${frameEvents * 60} events/s`
      : 'UpdateBatcher with default options: flushes when maxBatch (5 000) events are buffered, and once at the end',
    setup(workload) {
      const { hub, store } = seededHub(workload);
      const batcher = new UpdateBatcher(hub, store);
      const cache = liveCache(
        hub,
        workload,
        (updates) => {
          updates.forEach((data, n) => {
            batcher.push({ type: 'ENTITY_UPDATED', data } satisfies EntityEvent);
            if (frameEvents && (n + 1) % frameEvents === 0) batcher.flush();
          });
          batcher.flush();
        },
        () => batcher.stats().flushes,
      );
      return { ...cache, dispose: () => (batcher.destroy(), cache.dispose()) };
    },
  };
}
