import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { LiveStore } from './live-store';
import type { StoreCommand, StoreOperation } from './store-command';

const at = (minute: number) => `2025-03-01T12:${String(minute).padStart(2, '0')}:00.000Z`;
const command = (operation: StoreOperation, minute: number, actor: string | null = 'alice'): StoreCommand => ({ operation, at: at(minute), actor });
const LINE = { productId: 'p-2', variantId: 'p-2-v1', quantity: 1 };

describe('archiving settled orders', () => {
  it('keeps maxSettledOrdersPerUser settled orders per user, deletes the oldest and keeps the metrics', () => {
    const store = new LiveStore({ maxSettledOrdersPerUser: 2 });
    const placed = [1, 2, 3].map((minute) => store.apply(command({ kind: 'order.create', items: [LINE] }, minute)).body as { id: string });
    const bobOrder = store.apply(command({ kind: 'order.create', items: [LINE] }, 4, 'bob')).body as { id: string };
    store.apply(command({ kind: 'order.status', orderId: bobOrder.id, status: 'cancelled' }, 5, 'bob'));

    const settle = (id: string, minute: number) => store.apply(command({ kind: 'order.status', orderId: id, status: 'cancelled' }, minute));
    settle(placed[0].id, 10);
    settle(placed[1].id, 11);
    const before = store.metrics();
    const third = settle(placed[2].id, 12);

    assert.equal(store.orders.has(placed[0].id), false, 'the oldest settled order is archived');
    assert.equal(store.orderHistory.has(placed[0].id), false);
    assert.ok(store.orders.has(placed[1].id) && store.orders.has(placed[2].id));
    assert.ok(store.orders.has(bobOrder.id), "another user's orders are not counted against alice");
    assert.deepEqual(
      third.changes.map((change) => [change.event.type, change.ownerId]),
      [
        ['ENTITY_UPDATED', 'alice'],
        ['ENTITY_DELETED', 'alice'],
      ],
    );
    assert.deepEqual(third.changes[1].event.data, { entityType: 'orders', entityId: placed[0].id, version: 3 });
    const after = store.metrics();
    assert.equal(after.ordersByStatus.cancelled, before.ordersByStatus.cancelled + 1);
    assert.equal(after.ordersByStatus.pending, before.ordersByStatus.pending - 1);
    assert.equal(after.revenue, before.revenue);
  });

  it('archives by creation order, not by wall clock: a clock stepped back does not archive the order that just settled', () => {
    const store = new LiveStore({ maxSettledOrdersPerUser: 2 });
    const placed = [1, 2].map((minute) => store.apply(command({ kind: 'order.create', items: [LINE] }, minute)).body as { id: string });
    for (const [index, order] of placed.entries()) store.apply(command({ kind: 'order.status', orderId: order.id, status: 'cancelled' }, 10 + index));
    const stepped = 0; // the clock stepped back, before every earlier time
    const latest = store.apply(command({ kind: 'order.create', items: [LINE] }, stepped)).body as { id: string };
    store.apply(command({ kind: 'order.status', orderId: latest.id, status: 'cancelled' }, stepped));
    assert.ok(store.orders.has(latest.id), 'the order that just settled is kept');
    assert.equal(store.orders.has(placed[0].id), false, 'the first created is archived');
    assert.ok(store.orders.has(placed[1].id));
  });

  it('keeps the archived totals across a snapshot and a restart', () => {
    const store = new LiveStore({ maxSettledOrdersPerUser: 0 });
    const order = store.apply(command({ kind: 'order.create', items: [LINE] }, 1)).body as { id: string };
    store.apply(command({ kind: 'order.status', orderId: order.id, status: 'confirmed' }, 2));
    const revenue = store.metrics().revenue;
    store.apply(command({ kind: 'order.status', orderId: order.id, status: 'shipped' }, 3));
    store.apply(command({ kind: 'order.status', orderId: order.id, status: 'delivered' }, 4));
    assert.equal(store.orders.has(order.id), false);
    const restarted = new LiveStore({ snapshot: JSON.parse(JSON.stringify(store.snapshot())) });
    assert.equal(restarted.metrics().revenue, revenue);
    assert.deepEqual(restarted.metrics().ordersByStatus, store.metrics().ordersByStatus);
  });
});
