import type { Product } from './entity-types';
import type { LiveStore } from './live-store';
import { changedFields, refused, type OperationOutcome } from './operation-outcome';
import { roundMoney } from './seed-data';
import type { ProductPatch } from './store-command';

/** Changes a product's editable fields; no event when nothing differs. */
export function patchProduct(store: LiveStore, productId: string, patch: ProductPatch): OperationOutcome {
  const product = store.products.get(productId);
  if (!product) return refused(404, `product ${productId} not found`);
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

/** Changes the price of every product (of one category) by `percent`, as one BULK_UPDATE. */
export function bulkReprice(store: LiveStore, percent: number, category?: string): OperationOutcome {
  const updated: Product[] = [];
  for (const product of store.products.values()) {
    if (category !== undefined && product.category !== category) continue;
    const price = Math.max(0.01, roundMoney(product.price * (1 + percent / 100)));
    if (price === product.price) continue;
    const next: Product = { ...product, price, version: product.version + 1 };
    store.products.set(product.id, next);
    updated.push(next);
  }
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
