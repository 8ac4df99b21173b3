import type { Order, OrderStatus } from './entity-types';

/** The statuses an order may move to from each status. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: [],
  cancelled: [],
};

/** Whether an order may move from `from` to `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/** Whether an order can still change status (it is not delivered or cancelled). */
export function isOpenOrder(order: Order): boolean {
  return ORDER_TRANSITIONS[order.status].length > 0;
}
