import type { Product } from './entity-types';
import type { LiveStore } from './live-store';
import { changedFields, refused, type OperationOutcome } from './operation-outcome';
import { roundMoney } from './seed-data';
import type { ProductPatch } from './store-command';

/** The highest price a product may have: no change may push one above it (or to Infinity, which JSON cannot hold). */
export const MAX_PRICE = 1_000_000;

/** Whether `price` is one a product may have: finite, 0.01..MAX_PRICE. */
function isSanePrice(price: number): boolean {
  return Number.isFinite(price) && price >= 0.01 && price <= MAX_PRICE;
}

/** Changes a product's editable fields; no event when nothing differs. */
export function patchProduct(store: LiveStore, productId: string, patch: ProductPatch): OperationOutcome {
  const product = store.products.get(productId);
  if (!product) return refused(404, `product ${productId} not found`);
  if (patch.price !== undefined && !isSanePrice(patch.price)) return refused(422, `price ${patch.price} is out of range (0.01 to ${MAX_PRICE})`);
  const changes = changedFields(product, patch);
  if (Object.keys(changes).length === 0) return { status: 200, body: product, changes: [] };
  const next: Product = { ...product, ...changes, version: product.version + 1 };
  store.products.set(productId, next);
  return { status: 200, body: next, changes: [productUpdated(next, changes)] };
}

/** Adds `delta` (negative for a sale) to one variant's stock; 409 when stock would go below zero. */
export function adjustStock(store: LiveStore, productId: string, variantId: string, delta: number): OperationOutcome {
  const product = store.products.get(productId);
  if (!product) return refused(404, `product ${productId} not found`);
  const variant = product.variants.find((candidate) => candidate.id === variantId);
  if (!variant) return refused(400, `product ${productId} has no variant ${variantId}`);
  if (variant.stock + delta < 0) {
    return refused(409, `insufficient stock: ${variant.stock} left of ${product.name} (${variant.name}), ${-delta} requested`);
  }
  const variants = product.variants.map((candidate) => (candidate.id === variantId ? { ...candidate, stock: candidate.stock + delta } : candidate));
  const next: Product = { ...product, variants, stock: product.stock + delta, version: product.version + 1 };
  store.products.set(productId, next);
  return { status: 200, body: next, changes: [productUpdated(next, { variants, stock: next.stock })] };
}

/**
 * Changes the price of every product (of one category) by `percent`, as one BULK_UPDATE; 422
 * and no change at all when a new price would leave the sane range (above MAX_PRICE, Infinity).
 */
export function bulkReprice(store: LiveStore, percent: number, category?: string): OperationOutcome {
  const updated: Product[] = [];
  for (const product of store.products.values()) {
    if (category !== undefined && product.category !== category) continue;
    const price = Math.max(0.01, roundMoney(product.price * (1 + percent / 100)));
    if (!isSanePrice(price)) return refused(422, `this change would take the price of ${product.id} to ${price}, above ${MAX_PRICE}; nothing was changed`);
    if (price !== product.price) updated.push({ ...product, price, version: product.version + 1 });
  }
  for (const next of updated) store.products.set(next.id, next);
  if (updated.length === 0) return { status: 200, body: { items: [] }, changes: [] };
  return {
    status: 200,
    body: { items: updated },
    changes: [
      {
        entityType: 'products',
        event: {
          type: 'BULK_UPDATE',
          data: {
            entityType: 'products',
            updates: updated.map((product) => ({ entityId: product.id, changes: { price: product.price }, version: product.version })),
          },
        },
      },
    ],
  };
}

function productUpdated(product: Product, changes: object) {
  return {
    entityType: 'products' as const,
    event: {
      type: 'ENTITY_UPDATED' as const,
      data: { entityType: 'products' as const, entityId: product.id, changes: { ...changes }, version: product.version },
    },
  };
}
