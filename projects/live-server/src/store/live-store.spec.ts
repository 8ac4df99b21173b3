import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LiveStore } from './live-store';
import type { StoreCommand, StoreOperation } from './store-command';

const AT = '2025-03-01T12:00:00.000Z';
const command = (operation: StoreOperation, extra: Partial<StoreCommand> = {}): StoreCommand => ({ operation, at: AT, actor: null, ...extra });

describe('LiveStore.apply', () => {
  it('decrements a variant and the product stock on purchase, bumping the version once', () => {
    const store = new LiveStore();
    const before = store.products.get('p-1')!;
    const result = store.apply(command({ kind: 'product.purchase', productId: 'p-1', variantId: 'p-1-v1', quantity: 2 }));
    const after = store.products.get('p-1')!;
    assert.equal(result.status, 200);
    assert.equal(after.version, before.version + 1);
    assert.equal(after.stock, before.stock - 2);
    assert.equal(after.variants[0].stock, before.variants[0].stock - 2);
    assert.deepEqual(result.changes[0].event, {
      type: 'ENTITY_UPDATED',
      data: { entityType: 'products', entityId: 'p-1', changes: { variants: after.variants, stock: after.stock }, version: after.version },
    });
    assert.equal(
      before.stock,
      before.variants.reduce((sum, variant) => sum + variant.stock, 0),
      'the old object was not mutated',
    );
  });

  it('refuses to oversell with 409 and changes nothing', () => {
    const store = new LiveStore();
    const before = store.products.get('p-1')!;
    const result = store.apply(command({ kind: 'product.purchase', productId: 'p-1', variantId: 'p-1-v1', quantity: before.variants[0].stock + 1 }));
    assert.equal(result.status, 409);
    assert.match((result.body as { error: string }).error, /insufficient stock/);
    assert.deepEqual(result.changes, []);
    assert.equal(store.products.get('p-1'), before);
  });

  it('answers a repeated idempotency key of the same user with the first response and applies nothing', () => {
    const store = new LiveStore();
    const purchase = command({ kind: 'product.purchase', productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }, { actor: 'alice', idempotencyKey: 'k-1' });
    const first = store.apply(purchase);
    const again = store.apply(purchase);
    assert.equal(again.replayed, true);
    assert.deepEqual({ status: again.status, body: again.body }, { status: first.status, body: first.body });
    assert.deepEqual(again.changes, []);
    assert.equal(store.products.get('p-2')!.version, 2);
    const byBob = store.apply({ ...purchase, actor: 'bob' });
    assert.equal(byBob.replayed, false, 'keys are scoped per user');
    assert.equal(store.products.get('p-2')!.version, 3);
  });

  it("keeps the idempotency window per user: another user's keyed writes never evict a key, also after a snapshot round trip", () => {
    const store = new LiveStore({ idempotencyCacheSize: 3 });
    const restock = (actor: string, key: string) =>
      store.apply(command({ kind: 'product.restock', productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }, { actor, idempotencyKey: key }));
    restock('alice', 'alice-1');
    for (let i = 0; i < 10; i++) restock('bob', `bob-${i}`);
    assert.equal(restock('alice', 'alice-1').replayed, true, "bob's keys did not evict alice's");
    assert.equal(restock('bob', 'bob-9').replayed, true);
    assert.equal(restock('bob', 'bob-6').replayed, false, "bob's own oldest keys were dropped (3 per user)");
    const copy = new LiveStore({ idempotencyCacheSize: 3, snapshot: JSON.parse(JSON.stringify(store.snapshot())) });
    assert.equal(copy.idempotency.get('alice', 'alice-1')?.status, 200);
    assert.equal(copy.idempotency.size, 4);
  });

  it('does not bump the version when a patch changes nothing', () => {
    const store = new LiveStore();
    const product = store.products.get('p-3')!;
    const result = store.apply(command({ kind: 'product.patch', productId: 'p-3', changes: { name: product.name } }));
    assert.equal(result.status, 200);
    assert.deepEqual(result.changes, []);
    assert.equal(store.products.get('p-3')!.version, product.version);
  });

  it('creates a pending private order priced at the current product price', () => {
    const store = new LiveStore();
    const price = store.products.get('p-4')!.price;
    const result = store.apply(command({ kind: 'order.create', items: [{ productId: 'p-4', variantId: 'p-4-v1', quantity: 3 }] }, { actor: 'bob' }));
    assert.equal(result.status, 201);
    const order = result.body as { id: string; status: string; total: number; userId: string };
    assert.equal(order.id, 'o-31');
    assert.equal(order.status, 'pending');
    assert.equal(order.userId, 'bob');
    assert.equal(order.total, Math.round(price * 300) / 100);
    assert.equal(result.changes[0].ownerId, 'bob');
    assert.deepEqual(store.orderHistory.get('o-31'), [{ status: 'pending', at: AT, version: 1 }]);
  });

  it('moves orders only along allowed transitions and records each step', () => {
    const store = new LiveStore();
    const created = store.apply(command({ kind: 'order.create', items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }] }, { actor: 'alice' }));
    const id = (created.body as { id: string }).id;
    assert.equal(store.apply(command({ kind: 'order.status', orderId: id, status: 'shipped' })).status, 409);
    assert.equal(store.apply(command({ kind: 'order.status', orderId: id, status: 'confirmed' }, { actor: 'bob' })).status, 404);
    assert.equal(store.apply(command({ kind: 'order.status', orderId: id, status: 'confirmed' }, { actor: 'alice' })).status, 200);
    assert.deepEqual(
      store.orderHistory.get(id)!.map((entry) => [entry.status, entry.version]),
      [
        ['pending', 1],
        ['confirmed', 2],
      ],
    );
    assert.equal(store.openOrderIds.has(id), true);
    store.apply(command({ kind: 'order.status', orderId: id, status: 'cancelled' }));
    assert.equal(store.openOrderIds.has(id), false);
  });

  it('refuses a sale without stock and leaves no order behind', () => {
    const store = new LiveStore();
    const product = store.products.get('p-1')!;
    const orders = store.orders.size;
    const result = store.apply(command({ kind: 'sale', userId: 'alice', productId: 'p-1', variantId: 'p-1-v1', quantity: product.variants[0].stock + 1 }));
    assert.equal(result.status, 409);
    assert.equal(store.orders.size, orders);
  });

  it('records a sale as a public product update and a private order creation', () => {
    const store = new LiveStore();
    const result = store.apply(command({ kind: 'sale', userId: 'alice', productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }));
    assert.deepEqual(
      result.changes.map((change) => [change.event.type, change.entityType, change.ownerId]),
      [
        ['ENTITY_UPDATED', 'products', undefined],
        ['ENTITY_CREATED', 'orders', 'alice'],
      ],
    );
  });

  it('deletes a customer leaving a tombstone version', () => {
    const store = new LiveStore();
    const result = store.apply(command({ kind: 'customer.delete', customerId: 'c-5' }));
    assert.deepEqual(result.body, { id: 'c-5', deleted: true, version: 2 });
    assert.equal(store.customers.has('c-5'), false);
    assert.equal(store.tombstone('customers', 'c-5'), 2);
    assert.equal(store.apply(command({ kind: 'customer.delete', customerId: 'c-5' })).status, 404);
  });

  it('reprices a category as one BULK_UPDATE', () => {
    const store = new LiveStore();
    const apparel = [...store.products.values()].filter((product) => product.category === 'apparel');
    const result = store.apply(command({ kind: 'product.bulk-price', category: 'apparel', percent: 10 }));
    const event = result.changes[0].event;
    assert.equal(event.type, 'BULK_UPDATE');
    assert.equal(event.type === 'BULK_UPDATE' && event.data.updates.length, apparel.length);
    for (const product of apparel) assert.equal(store.products.get(product.id)!.version, product.version + 1);
  });

  it('computes metrics from the orders and products', () => {
    const store = new LiveStore();
    const metrics = store.metrics();
    const counted = Object.values(metrics.ordersByStatus).reduce((sum, count) => sum + count, 0);
    assert.equal(counted, 30);
    const revenue = [...store.orders.values()]
      .filter((order) => ['confirmed', 'shipped', 'delivered'].includes(order.status))
      .reduce((sum, order) => sum + Math.round(order.total * 100), 0);
    assert.equal(metrics.revenue, revenue / 100);
    assert.equal(metrics.lowStockCount, [...store.products.values()].filter((product) => product.stock <= product.lowStockThreshold).length);
  });

  it('survives a snapshot round trip', () => {
    const store = new LiveStore();
    store.apply(command({ kind: 'sale', userId: 'bob', productId: 'p-6', variantId: 'p-6-v1', quantity: 1 }, { actor: 'bob', idempotencyKey: 'x' }));
    const copy = new LiveStore({ snapshot: JSON.parse(JSON.stringify(store.snapshot())) });
    assert.deepEqual(copy.snapshot(), store.snapshot());
    assert.equal(copy.idempotency.get('bob', 'x')?.status, 201);
  });
});
