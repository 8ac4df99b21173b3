import { CacheHub } from '../../hub/cache-hub';
import { type EntityEvent } from '../../entity/entity-event';
import { EntityStore } from '../../entity/entity-store';

/** The entity the batching specs stream. */
export interface Product {
  readonly id: string;
  readonly stock: number;
  readonly price: number;
  readonly group: number;
  readonly version: number;
}

/** A product at `version`, with `extra` fields over the defaults. */
export const product = (id: string, version = 1, extra: Partial<Product> = {}): Product => ({
  id,
  stock: 10,
  price: 100,
  group: 0,
  version,
  ...extra,
});

/** An ENTITY_UPDATED event of a product. */
export const updated = (id: string, version: number, changes: Partial<Product>): EntityEvent => ({
  type: 'ENTITY_UPDATED',
  data: { entityType: 'products', entityId: id, changes, version },
});

/** An ENTITY_CREATED event of a product. */
export const created = (entity: Product): EntityEvent => ({ type: 'ENTITY_CREATED', data: { entityType: 'products', entity } });

/** An ENTITY_DELETED event of a product. */
export const deleted = (id: string, version: number): EntityEvent => ({
  type: 'ENTITY_DELETED',
  data: { entityType: 'products', entityId: id, version },
});

/** A hub and a store where products are inserted into the lists of their group, sorted by id. */
export function productStore(): { hub: CacheHub; store: EntityStore } {
  const hub = new CacheHub({ retry: 0 });
  const store = new EntityStore(hub);
  store.register('products', {
    matches: (p: Product, params: { group?: number }) => params.group === undefined || params.group === p.group,
    sort: (a: Product, b: Product) => a.id.localeCompare(b.id),
  });
  return { hub, store };
}

/** Every key holding a value, with its value, in key order. */
export function snapshotOf(hub: CacheHub): Record<string, unknown> {
  return Object.fromEntries(
    hub
      .keys()
      .sort()
      .map((key) => [key, hub.peek(key)]),
  );
}
