import { deleteCustomer, patchCustomer } from './customer-operations';
import type { LiveStore } from './live-store';
import { refused, type OperationOutcome } from './operation-outcome';
import { changeOrderStatus, createOrder } from './order-operations';
import { adjustStock, bulkReprice, patchProduct } from './product-operations';
import type { StoreCommand } from './store-command';

/** Applies a command's operation to the store (the idempotency check is the caller's). */
export function applyOperation(store: LiveStore, command: StoreCommand): OperationOutcome {
  const { operation: op, actor, at } = command;
  switch (op.kind) {
    case 'product.patch':
      return patchProduct(store, op.productId, op.changes);
    case 'product.purchase':
      return adjustStock(store, op.productId, op.variantId, -op.quantity);
    case 'product.restock':
      return adjustStock(store, op.productId, op.variantId, op.quantity);
    case 'product.bulk-price':
      return bulkReprice(store, op.percent, op.category);
    case 'order.create':
      return actor === null ? refused(401, 'sign in to place an order') : createOrder(store, actor, op.items, at);
    case 'order.status':
      return changeOrderStatus(store, op.orderId, op.status, actor, at);
    case 'sale': {
      const product = store.products.get(op.productId);
      if (!product) return refused(404, `product ${op.productId} not found`);
      // Check before touching stock so a refused order leaves no half-applied sale behind.
      const lines = [{ productId: op.productId, variantId: op.variantId, quantity: op.quantity }];
      if (!product.variants.some((variant) => variant.id === op.variantId)) {
        return refused(400, `product ${op.productId} has no variant ${op.variantId}`);
      }
      const sold = adjustStock(store, op.productId, op.variantId, -op.quantity);
      if (sold.status !== 200) return sold;
      const order = createOrder(store, op.userId, lines, at);
      return { status: order.status, body: order.body, changes: [...sold.changes, ...order.changes] };
    }
    case 'customer.patch':
      return patchCustomer(store, op.customerId, op.changes);
    case 'customer.delete':
      return deleteCustomer(store, op.customerId);
    default:
      return refused(400, `unknown operation ${(op as { kind: unknown }).kind}`);
  }
}
