import type { ChangeDraft } from '../stream/frames';
import type { OrderStatus } from './entity-types';
import type { LiveStore } from './live-store';
import { isOpenOrder } from './order-transitions';

/** What archived orders still add to the metrics. */
export interface ArchivedTotals {
  revenueCents: number;
  byStatus: Record<OrderStatus, number>;
}

/** Totals of no archived order. */
export function noArchivedTotals(): ArchivedTotals {
  return { revenueCents: 0, byStatus: { pending: 0, confirmed: 0, shipped: 0, delivered: 0, cancelled: 0 } };
}

/** Whether an order counts towards the revenue. */
export function earnsRevenue(status: OrderStatus): boolean {
  return status !== 'pending' && status !== 'cancelled';
}

/**
 * Keeps at most `store.maxSettledOrdersPerUser` delivered or cancelled orders of `userId`, so a
 * long-running simulator does not grow the store without end. The oldest ones (first created,
 * by order number) beyond that are
 * archived: deleted (an ENTITY_DELETED event goes to their owner; no tombstone is kept, as that
 * would grow without end too) while the metrics keep counting them.
 */
export function archiveSettledOrders(store: LiveStore, userId: string): ChangeDraft[] {
  const settled = [...store.orders.values()].filter((order) => order.userId === userId && !isOpenOrder(order));
  const excess = settled.length - store.maxSettledOrdersPerUser;
  if (excess <= 0) return [];
  // By creation order (the order number), never by wall clock: a clock stepped back must not archive the newest.
  settled.sort((a, b) => orderNumber(a) - orderNumber(b));
  return settled.slice(0, excess).map((order) => {
    const version = order.version + 1;
    store.orders.delete(order.id);
    store.orderHistory.delete(order.id);
    store.archived.byStatus[order.status]++;
    if (earnsRevenue(order.status)) store.archived.revenueCents += Math.round(order.total * 100);
    return { ownerId: userId, entityType: 'orders', event: { type: 'ENTITY_DELETED', data: { entityType: 'orders', entityId: order.id, version } } };
  });
}

/** The number in an order id `o-<n>`, the order of creation. */
function orderNumber(order: { id: string }): number {
  return Number(order.id.slice(2)) || 0;
}
