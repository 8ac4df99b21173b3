import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CacheHubService, CacheNamespace, cacheMutation, type CacheEntryState } from 'ngx-cache-hub';
import { Observable } from 'rxjs';
import type { Page, Product, Variant } from './models';

/** One unit of a product's variant to buy. */
interface Purchase {
  readonly product: Product;
  readonly variant: Variant;
}

/** The product list the dashboard shows, as a key relative to the `products` namespace. */
const LIST = `list-${JSON.stringify({ pageSize: 50 })}`;

/** Products: the stock table, purchases with an optimistic decrement, edits that survive offline. */
@CacheNamespace('products')
@Injectable({ providedIn: 'root' })
export class ProductsService {
  private readonly hub = inject(CacheHubService);
  private readonly http = inject(HttpClient);

  /** The product list's state, kept live by real-time updates; a failed load shows in `error` and is retried when the server is back. */
  list$(): Observable<CacheEntryState<Page<Product>>> {
    return this.hub.fetchState(LIST, () => this.http.get<Page<Product>>('/api/products?pageSize=50'));
  }

  /** A product as the server last sent it (no optimistic layer: a queued rename is not in it). */
  serverProduct(id: string): Product | undefined {
    return this.hub.peek<Page<Product>>(LIST)?.items.find((product) => product.id === id);
  }

  /** Loads the product list again now. */
  reload(): void {
    this.hub.refetch(LIST);
  }

  /**
   * Buys one unit of a variant: the stock drops at once (an optimistic layer over the list) and
   * comes back if the server refuses; the metrics refetch once it accepted.
   */
  readonly purchase = cacheMutation({
    mutationFn: ({ product, variant }: Purchase) =>
      this.http.post(`/api/products/${product.id}/purchase`, { variantId: variant.id, quantity: 1 }, { headers: { 'Idempotency-Key': crypto.randomUUID() } }),
    optimistic: ({ product, variant }: Purchase) => [{ key: `products:${LIST}`, update: (page: Page<Product> | undefined) => decrementIn(page, product.id, variant.id) }],
    invalidate: ['metrics:summary'],
  });

  /** Buys one unit of the first variant in stock; resolves once the server accepted, rejects when it did not. */
  buy(product: Product): Promise<unknown> {
    const variant = product.variants.find((v) => v.stock > 0) ?? product.variants[0];
    return this.purchase.mutateAsync({ product, variant });
  }

  /** Renames a product through the offline queue: shown at once, stored, and sent (exactly once) when online. */
  readonly renaming = cacheMutation({
    offline: { type: 'product.rename' },
    mutationFn: ({ id, name }: { id: string; name: string }, { idempotencyKey }) =>
      this.http.patch<Product>(`/api/products/${id}`, { name }, { headers: { 'Idempotency-Key': idempotencyKey } }),
    optimistic: ({ id, name }) => [
      { key: `products:detail-${id}`, update: (p: Product | undefined) => (p ? { ...p, name } : p) },
      { key: `products:${LIST}`, update: (page: Page<Product> | undefined) => renameIn(page, id, name) },
    ],
  });

  /** Renames a product (see `renaming`). */
  rename(id: string, name: string): void {
    this.renaming.mutate({ id, name });
  }
}

function renameIn(page: Page<Product> | undefined, id: string, name: string): Page<Product> | undefined {
  return page && { ...page, items: page.items.map((p) => (p.id === id ? { ...p, name } : p)) };
}

function decrementIn(page: Page<Product> | undefined, id: string, variantId: string): Page<Product> | undefined {
  if (!page) return page;
  const items = page.items.map((p) =>
    p.id !== id ? p : { ...p, stock: Math.max(0, p.stock - 1), variants: p.variants.map((v) => (v.id === variantId ? { ...v, stock: Math.max(0, v.stock - 1) } : v)) },
  );
  return { ...page, items };
}
