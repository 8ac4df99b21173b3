import type { ChangeDraft } from '../stream/frames';
import type { Order, OrderItem, OrderStatus } from './entity-types';
import type { LiveStore } from './live-store';
import { refused, type OperationOutcome } from './operation-outcome';
import { archiveSettledOrders } from './order-archive';
import { canTransition, isOpenOrder } from './order-transitions';
import { roundMoney, USER_DISPLAY_NAMES } from './seed-data';
import type { OrderLineInput } from './store-command';

/** Creates a pending order for `userId`, priced at the products' current prices. */
export function createOrder(store: LiveStore, userId: string, lines: OrderLineInput[], at: string): OperationOutcome {
  const items: OrderItem[] = [];
  for (const line of lines) {
    const product = store.products.get(line.productId);
    if (!product) return refused(400, `unknown product ${line.productId}`);
    if (!product.variants.some((variant) => variant.id === line.variantId)) {
      return refused(400, `product ${line.productId} has no variant ${line.variantId}`);
    }
    items.push({ productId: product.id, variantId: line.variantId, quantity: line.quantity, price: product.price });
  }
  const order: Order = {
    id: `o-${store.nextOrderNumber++}`,
    userId,
    customerName: USER_DISPLAY_NAMES[userId] ?? userId,
    status: 'pending',
    total: roundMoney(items.reduce((sum, item) => sum + item.price * item.quantity, 0)),
    items,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  store.orders.set(order.id, order);
  store.openOrderIds.add(order.id);
  store.orderHistory.set(order.id, [{ status: 'pending', at, version: 1 }]);
  const change: ChangeDraft = {
    ownerId: userId,
    entityType: 'orders',
    event: { type: 'ENTITY_CREATED', data: { entityType: 'orders', entity: order } },
  };
  return { status: 201, body: order, changes: [change] };
}

/**
 * Moves an order to `status` and records it in the order's history. `actor` null is the
 * system (simulator); a user may only move their own orders.
 */
export function changeOrderStatus(store: LiveStore, orderId: string, status: OrderStatus, actor: string | null, at: string): OperationOutcome {
  const order = store.orders.get(orderId);
  if (!order || (actor !== null && order.userId !== actor)) return refused(404, `order ${orderId} not found`);
  if (!canTransition(order.status, status)) {
    return refused(409, `order ${orderId} cannot move from ${order.status} to ${status}`);
  }
  const next: Order = { ...order, status, updatedAt: at, version: order.version + 1 };
  store.orders.set(orderId, next);
  if (!isOpenOrder(next)) store.openOrderIds.delete(orderId);
  store.orderHistory.set(orderId, [...(store.orderHistory.get(orderId) ?? []), { status, at, version: next.version }]);
  const change: ChangeDraft = {
    ownerId: order.userId,
    entityType: 'orders',
    event: {
      type: 'ENTITY_UPDATED',
      data: { entityType: 'orders', entityId: orderId, changes: { status, updatedAt: at }, version: next.version },
    },
  };
  return { status: 200, body: next, changes: [change, ...(isOpenOrder(next) ? [] : archiveSettledOrders(store, order.userId))] };
}
