/** The entity types the stream and the REST API speak of. */
export const ENTITY_TYPES = ['products', 'orders', 'customers'] as const;

/** One of `products`, `orders`, `customers`. */
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Whether `value` names an entity type. */
export function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);
}

/** One sellable variant of a product (a size or a colour) with its own stock. */
export interface ProductVariant {
  id: string;
  name: string;
  stock: number;
}

/** A product; `stock` is always the sum of its variants' stock. */
export interface Product {
  id: string;
  name: string;
  category: string;
  price: number;
  stock: number;
  lowStockThreshold: number;
  variants: ProductVariant[];
  version: number;
}

/** Order statuses, in the order an order normally moves through them. */
export const ORDER_STATUSES = ['pending', 'confirmed', 'shipped', 'delivered', 'cancelled'] as const;

/** The status of an order. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** One line of an order; `price` is the unit price when the order was placed. */
export interface OrderItem {
  productId: string;
  variantId: string;
  quantity: number;
  price: number;
}

/** An order owned by one user (`userId`). */
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

/** One entry of an order's status history. */
export interface OrderStatusEvent {
  status: OrderStatus;
  at: string;
  version: number;
}

/** Customer tiers, lowest first. */
export const CUSTOMER_TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;

/** A customer tier. */
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** A customer record. */
export interface Customer {
  id: string;
  name: string;
  email: string;
  tier: CustomerTier;
  version: number;
}
