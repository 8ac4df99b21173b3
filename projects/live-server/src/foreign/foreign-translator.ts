import type { OrderItem, OrderStatus } from '../store/entity-types';
import type { LiveStore } from '../store/live-store';
import type { StreamEvent } from '../stream/event-history';

/** Event types of the public stock feed. */
export const STOCK_EVENT_TYPES = ['stock_updated', 'stock_reserved', 'stock_committed', 'stock_released'] as const;
/** Event types of the per-user order feed. */
export const USER_EVENT_TYPES = ['order_created', 'payment_success', 'payment_failed', 'order_shipped', 'tracking_updated', 'order_delivered'] as const;

/** One event of the seed-style feed, before it gets an id: snake_case data, ISO timestamp, no version. */
export interface ForeignEvent {
  type: (typeof STOCK_EVENT_TYPES)[number] | (typeof USER_EVENT_TYPES)[number];
  data: Record<string, unknown>;
  timestamp: string;
  /** The user who may see it (order feed); absent on the public stock feed. */
  ownerId?: string;
}

interface KnownOrder {
  userId: string;
  total: number;
  items: OrderItem[];
}

/**
 * Turns the server's entity events into the events of a typical e-commerce backend: stock
 * changes become `stock_updated`, an order's life becomes `order_created`, `payment_success`
 * / `payment_failed`, `order_shipped` + `tracking_updated`, `order_delivered`, and its lines
 * `stock_reserved` / `stock_committed` / `stock_released`. It keeps the stock of each variant
 * and the lines of each order, which the entity events do not repeat.
 */
export class ForeignTranslator {
  private readonly stock = new Map<string, number>();
  private readonly orders = new Map<string, KnownOrder>();

  constructor(store: LiveStore) {
    for (const product of store.products.values()) for (const variant of product.variants) this.stock.set(variant.id, variant.stock);
    for (const order of store.orders.values()) this.orders.set(order.id, { userId: order.userId, total: order.total, items: order.items });
  }

  /** The foreign events one entity event stands for (often none). */
  translate(event: StreamEvent, now: string): ForeignEvent[] {
    const frame = event.frame;
    if (frame.data.entityType === 'products' && frame.type === 'ENTITY_UPDATED') {
      const variants = frame.data.changes['variants'] as Array<{ id: string; stock: number }> | undefined;
      return (variants ?? []).flatMap((variant) => this.stockChange(variant.id, variant.stock, now));
    }
    if (frame.data.entityType !== 'orders') return [];
    if (frame.type === 'ENTITY_CREATED') {
      const order = frame.data.entity as unknown as KnownOrder & { id: string; status: OrderStatus; createdAt: string };
      this.orders.set(order.id, { userId: order.userId, total: order.total, items: order.items });
      const at = isoSeconds(order.createdAt);
      const created: ForeignEvent = {
        type: 'order_created',
        ownerId: order.userId,
        timestamp: at,
        data: { order_id: order.id, status: order.status, total_amount: order.total, items: order.items.map(snakeItem), created_at: at },
      };
      return [created, ...this.lines(order.id, 'stock_reserved', at)];
    }
    if (frame.type === 'ENTITY_DELETED') {
      this.orders.delete(frame.data.entityId);
      return [];
    }
    if (frame.type !== 'ENTITY_UPDATED') return [];
    const status = frame.data.changes['status'] as OrderStatus | undefined;
    const order = this.orders.get(frame.data.entityId);
    if (!status || !order) return [];
    const at = isoSeconds(String(frame.data.changes['updatedAt'] ?? now));
    const id = frame.data.entityId;
    const mine = (type: ForeignEvent['type'], data: Record<string, unknown>): ForeignEvent => ({ type, ownerId: order.userId, timestamp: at, data: { order_id: id, ...data } });
    switch (status) {
      case 'confirmed':
        return [mine('payment_success', { amount: order.total, payment_method: 'card' }), ...this.lines(id, 'stock_committed', at)];
      case 'shipped': {
        const tracking = `TRK${id.slice(2).padStart(8, '0')}`;
        return [
          mine('order_shipped', { tracking_number: tracking, carrier: 'DemoPost', shipped_at: at }),
          mine('tracking_updated', { tracking_number: tracking, status: 'in_transit', location: 'Sorting centre' }),
        ];
      }
      case 'delivered':
        return [mine('order_delivered', { delivered_at: at })];
      case 'cancelled':
        return [mine('payment_failed', { amount: order.total, reason: 'order_cancelled' }), ...this.lines(id, 'stock_released', at)];
      default:
        return [];
    }
  }

  private stockChange(variantId: string, stock: number, now: string): ForeignEvent[] {
    const before = this.stock.get(variantId);
    this.stock.set(variantId, stock);
    if (before === undefined || before === stock) return [];
    const change = stock - before;
    return [{ type: 'stock_updated', timestamp: now, data: { variant_id: variantId, stock_quantity: stock, quantity_change: change, type: change < 0 ? 'sale' : 'restock' } }];
  }

  private lines(orderId: string, type: 'stock_reserved' | 'stock_committed' | 'stock_released', at: string): ForeignEvent[] {
    return (this.orders.get(orderId)?.items ?? []).map((item) => ({
      type,
      timestamp: at,
      data: { variant_id: item.variantId, quantity: item.quantity, order_id: orderId },
    }));
  }
}

/** An ISO 8601 time to the second, as `2024-11-24T10:00:00Z`. */
export function isoSeconds(time: string | number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function snakeItem(item: OrderItem) {
  return { product_id: item.productId, variant_id: item.variantId, quantity: item.quantity, unit_price: item.price };
}
