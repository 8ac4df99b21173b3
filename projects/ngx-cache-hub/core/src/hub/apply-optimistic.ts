import type { CacheHub } from './cache-hub';
import { assertValidKey } from './cache-key';
import type { OptimisticChange, OptimisticHandle } from './optimistic-change';

interface Layer {
  readonly id: number;
  readonly update: (current: unknown) => unknown;
}

/** The live layers of each hub, by key, in the order they were applied. */
const layersByHub = new WeakMap<CacheHub, Map<string, Layer[]>>();
let lastId = 0;

/**
 * Applies an optimistic layer over the hub's server state. Reads see the server value with the
 * live layers applied in order; writes (sets, fetches, real-time updates) go under the layers, so
 * rolling one back never erases real-time updates or other layers. An edit that throws on the value
 * it meets (say, the entity was deleted meanwhile) shows nothing and never fails the write. A layer
 * outlives its entry (and `clear()`) until it is committed or rolled back; `destroy()` drops them all. `CacheHubService` and
 * `NamespacedCache` offer this as their `optimistic(change)` method.
 *
 * @example
 * const layer = applyOptimistic(hub, [{ key: 'products:detail-7', update: (p) => ({ ...p, stock: p.stock - 1 }) }]);
 * save$.subscribe({ next: () => layer.commit(), error: () => layer.rollback() });
 */
export function applyOptimistic(hub: CacheHub, change: OptimisticChange): OptimisticHandle {
  const layers = layersOf(hub);
  const id = ++lastId;
  const keys = change.map(({ key }) => (assertValidKey(key), key));
  change.forEach(({ key, update }) => layers.set(key, [...(layers.get(key) ?? []), { id, update }]));
  hub.recompute(keys);
  let settled = false;
  const remove = () => {
    if (settled) return;
    settled = true;
    for (const key of keys) {
      const rest = layers.get(key)?.filter((layer) => layer.id !== id) ?? [];
      if (rest.length > 0) layers.set(key, rest);
      else layers.delete(key);
    }
    hub.recompute(keys);
  };
  return { id, commit: remove, rollback: remove };
}

function layersOf(hub: CacheHub): Map<string, Layer[]> {
  let layers = layersByHub.get(hub);
  if (!layers) {
    const live = (layers = new Map<string, Layer[]>());
    hub.registerPlugin({ view: (key, value) => (live.get(key) ?? []).reduce(applyLayer, value), destroyed: () => live.clear() });
    layersByHub.set(hub, layers);
  }
  return layers;
}

function applyLayer(current: unknown, layer: Layer): unknown {
  try {
    return layer.update(current);
  } catch {
    return current;
  }
}
