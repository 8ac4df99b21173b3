import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import type { Product } from './models';
import { ProductsService } from './products.service';
import type { Series } from './live-series.service';

/** A product at or under its low-stock threshold, and since when this page has seen it so. */
export interface StockAlert {
  readonly product: Product;
  /** When this page saw it go low, or (with `sinceLoad`) when the page first saw it, already low. */
  readonly since: number;
  /** It was already low when the page first saw it: when it went low is not known here. */
  readonly sinceLoad: boolean;
}

/** A low-stock alert that cleared (the product was restocked), shown for a while. */
export interface ClearedAlert {
  readonly id: string;
  readonly name: string;
  readonly stock: number;
  readonly at: number;
}

const HISTORY_POINTS = 120;
const CLEARED_SHOWN_MS = 8_000;

/** Whether a product is at or under its low-stock threshold (the server's rule). */
export function isLow(product: Product): boolean {
  return product.stock <= product.lowStockThreshold;
}

/**
 * Watches the live product list: the stock history of every product since the page opened (for
 * the sparkline) and the low-stock alerts, which fire when a product falls to its threshold and
 * clear when it is restocked.
 */
@Injectable({ providedIn: 'root' })
export class StockWatchService {
  private readonly history = new Map<string, { x: number[]; y: number[] }>();
  private readonly lowSince = new Map<string, { at: number; sinceLoad: boolean }>();
  private readonly alertList = signal<StockAlert[]>([]);
  private readonly clearedList = signal<ClearedAlert[]>([]);
  private readonly version = signal(0);
  /** Products low on stock, lowest stock first. */
  readonly alerts = this.alertList.asReadonly();
  /** Alerts that cleared in the last few seconds, newest first. */
  readonly cleared = this.clearedList.asReadonly();
  private readonly nameMap = signal<ReadonlyMap<string, string>>(new Map());
  /** Product names by id, for the feed and the order cards. */
  readonly names = this.nameMap.asReadonly();

  private readonly stockState = signal<'loading' | 'failed' | 'loaded'>('loading');
  /** Whether the stock is known: 'loaded', or 'loading' / 'failed' (then no figure may claim anything about it). */
  readonly stock = this.stockState.asReadonly();

  constructor() {
    const subscription = inject(ProductsService)
      .list$()
      .subscribe((state) => {
        this.stockState.set(state.hasValue ? 'loaded' : state.error ? 'failed' : 'loading');
        if (state.value) this.observe(state.value.items);
      });
    const timer = setInterval(() => this.dropOldCleared(), 1000);
    inject(DestroyRef).onDestroy(() => {
      subscription.unsubscribe();
      clearInterval(timer);
    });
  }

  /** The stock of one product over time, as seen on this page (reactive). */
  stockHistory(id: string): Series {
    this.version();
    const series = this.history.get(id);
    if (!series) return { x: [], y: [] };
    // One point is no line: draw the stock as flat from when it was seen until now.
    if (series.x.length === 1) return { x: [series.x[0], Math.max(series.x[0] + 1, Date.now() / 1000)], y: [series.y[0], series.y[0]] };
    return { x: [...series.x], y: [...series.y] };
  }

  private observe(products: readonly Product[]): void {
    const now = Date.now();
    let historyChanged = false;
    const cleared: ClearedAlert[] = [];
    for (const product of products) {
      const firstSight = !this.history.has(product.id);
      const series = this.history.get(product.id) ?? { x: [], y: [] };
      if (series.y.at(-1) !== product.stock) {
        series.x.push(now / 1000);
        series.y.push(product.stock);
        if (series.x.length > HISTORY_POINTS) {
          series.x.shift();
          series.y.shift();
        }
        this.history.set(product.id, series);
        historyChanged = true;
      }
      if (isLow(product) && !this.lowSince.has(product.id)) this.lowSince.set(product.id, { at: now, sinceLoad: firstSight });
      if (!isLow(product) && this.lowSince.has(product.id)) {
        this.lowSince.delete(product.id);
        cleared.push({ id: product.id, name: product.name, stock: product.stock, at: now });
      }
    }
    if (historyChanged) this.version.update((v) => v + 1);
    const names = this.nameMap();
    if (products.length !== names.size || products.some((product) => names.get(product.id) !== product.name)) {
      this.nameMap.set(new Map(products.map((product) => [product.id, product.name])));
    }
    const alerts = products
      .filter(isLow)
      .map((product) => ({ product, since: this.lowSince.get(product.id)!.at, sinceLoad: this.lowSince.get(product.id)!.sinceLoad }))
      .sort((a, b) => a.product.stock - b.product.stock || a.product.name.localeCompare(b.product.name));
    this.alertList.set(alerts);
    if (cleared.length > 0) this.clearedList.update((list) => [...cleared, ...list.filter((c) => !cleared.some((n) => n.id === c.id))].slice(0, 5));
  }

  private dropOldCleared(): void {
    const now = Date.now();
    if (this.clearedList().some((c) => now - c.at > CLEARED_SHOWN_MS)) this.clearedList.update((list) => list.filter((c) => now - c.at <= CLEARED_SHOWN_MS));
  }
}
