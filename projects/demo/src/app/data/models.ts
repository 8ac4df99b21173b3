/** A product variant with its own stock. */
export interface Variant {
  id: string;
  name: string;
  stock: number;
}

/** A product as the reference server sends it. */
export interface Product {
  id: string;
  name: string;
  category: string;
  price: number;
  stock: number;
  lowStockThreshold: number;
  variants: Variant[];
  version: number;
}

/** Order statuses in their normal order. */
export const ORDER_STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A line of an order. */
interface OrderItem {
  productId: string;
  variantId: string;
  quantity: number;
  price: number;
}

/** An order of the signed-in user. */
export interface Order {
  id: string;
  userId: string;
  customerName: string;
  status: OrderStatus;
  total: number;
  items: OrderItem[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Dashboard metrics. */
export interface Metrics {
  revenue: number;
  ordersByStatus: Record<string, number>;
  lowStockCount: number;
  updatedAt: string;
}

/** A page of a list endpoint. */
export interface Page<T> {
  items: T[];
  totalCount: number;
}

/** The signed-in user's order figures over all their orders (`GET /api/orders/totals`). */
export interface OrderTotals {
  statusCounts: Record<OrderStatus, number>;
  count: number;
  revenue: number;
}

/** The user's new orders per minute over the last minutes (`GET /api/orders/per-minute`). */
export interface OrdersPerMinute {
  minutes: { start: string; count: number }[];
  /** The highest order number issued when the server answered: orders numbered above it are not counted yet. */
  throughOrder: number;
}
