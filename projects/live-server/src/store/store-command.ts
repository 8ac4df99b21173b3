import type { ChangeDraft } from '../stream/frames';
import type { CustomerTier, OrderStatus } from './entity-types';

/** Fields of a product that `PATCH /api/products/:id` may change. */
export interface ProductPatch {
  name?: string;
  price?: number;
  lowStockThreshold?: number;
  category?: string;
}

/** Fields of a customer that `PATCH /api/customers/:id` may change. */
export interface CustomerPatch {
  name?: string;
  email?: string;
  tier?: CustomerTier;
}

/** One requested order line; the price is taken from the product. */
export interface OrderLineInput {
  productId: string;
  variantId: string;
  quantity: number;
}

/** The state changes the store knows how to apply. */
export type StoreOperation =
  | { kind: 'product.patch'; productId: string; changes: ProductPatch }
  | { kind: 'product.purchase'; productId: string; variantId: string; quantity: number }
  | { kind: 'product.restock'; productId: string; variantId: string; quantity: number }
  | { kind: 'product.bulk-price'; category?: string; percent: number }
  | { kind: 'order.create'; items: OrderLineInput[] }
  | { kind: 'order.status'; orderId: string; status: OrderStatus }
  | { kind: 'sale'; userId: string; productId: string; variantId: string; quantity: number }
  | { kind: 'customer.patch'; customerId: string; changes: CustomerPatch }
  | { kind: 'customer.delete'; customerId: string };

/**
 * A self-contained, deterministic request to change the store. Everything that varies
 * (time, acting user) is inside it, so every process applying the same commands in the same
 * order reaches the same state, versions and events.
 */
export interface StoreCommand {
  operation: StoreOperation;
  /** When the command was issued, ISO 8601; used for `updatedAt` and status history. */
  at: string;
  /** The authenticated user, or `null` for anonymous requests and the simulator. */
  actor: string | null;
  /** The client's `Idempotency-Key`, scoped to `actor`. */
  idempotencyKey?: string;
}

/** The HTTP-shaped outcome of a command. */
export interface CommandResponse {
  status: number;
  body: unknown;
  /** The head (seq) once the command's events were published: the position the body reflects. */
  seq?: number;
  /** Kept with an idempotency key: the fingerprint of the operation it was first used for. */
  request?: string;
}

/** What applying a command produced: the response and the events to publish. */
export interface CommandResult extends CommandResponse {
  changes: ChangeDraft[];
  /** True when the response was replayed from an earlier command with the same idempotency key. */
  replayed: boolean;
  /** True when the idempotency key was first used for another operation: 422, nothing applied. */
  conflict?: boolean;
}
