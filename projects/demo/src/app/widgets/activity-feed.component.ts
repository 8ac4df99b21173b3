import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import type { EntityEvent } from 'ngx-cache-hub';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';
import { ORDER_STATUSES, type Order, type Product } from '../data/models';
import { formatMoney } from '../data/money';
import { OrdersService } from '../data/orders.service';
import { ProductsService } from '../data/products.service';

interface FeedItem {
  readonly id: number;
  readonly time: string;
  readonly kind: 'stock' | 'price' | 'order' | 'other';
  readonly text: string;
  /** The entity it is about, `orders:o-31` / `products:p-3`, and the version the event brought. */
  readonly ref?: string;
  readonly version?: number;
  /** More than the line says, as a tooltip. */
  readonly title?: string;
}

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const SHOWN = 30;
const MAX_LOOKUPS = 4;
const ARCHIVED =
  'Archived: when more than 200 of your orders are delivered or cancelled, the server deletes the oldest. It no longer shows in your order counts; the shop revenue still includes it.';

/**
 * The last real-time events, newest first, in words: product and customer names, money with its
 * currency, stock as "from → to". It keeps its own last-known products and orders (from the cached
 * lists and from the events themselves) so it can say what a change changed.
 */
@Component({
  selector: 'app-activity-feed',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'feed-host' },
  template: `
    <h2>Live activity <span class="muted">pushed by the server</span></h2>
    <div class="feed">
      @for (item of items(); track item.id) {
        <div
          class="feed-item"
          data-testid="activity"
          [attr.data-kind]="item.kind"
          [attr.data-ref]="item.ref"
          [attr.data-version]="item.version"
          [attr.title]="item.title ?? item.text"
        >
          <span class="muted">{{ item.time }}</span> {{ item.text }}
        </div>
      } @empty {
        <div class="muted">waiting for events…</div>
      }
    </div>
  `,
})
export class ActivityFeedComponent {
  readonly items = signal<FeedItem[]>([]);
  private next = 0;
  private readonly products = new Map<string, Product>();
  private readonly orders = new Map<string, Order>();
  private readonly http = inject(HttpClient);
  private lookups = 0;
  /** Entity types whose lists are reloading after a change that did not say what changed. */
  private readonly reloading = new Set<string>();

  constructor() {
    const destroyRef = inject(DestroyRef);
    const orders = inject(OrdersService);
    const lists = [
      inject(ProductsService)
        .list$()
        .subscribe((state) => {
          if (!state.value) return;
          if (this.reloading.has('products')) this.diffProducts(state.value.items, !state.isFetching && !state.isStale);
          else state.value.items.forEach((p) => this.products.has(p.id) || this.products.set(p.id, p));
        }),
      orders.list$().subscribe((state) => {
        if (!state.value) return;
        if (this.reloading.has('orders')) this.diffOrders(state.value.items, !state.isFetching && !state.isStale);
        else state.value.items.forEach((o) => this.orders.has(o.id) || this.orders.set(o.id, o));
      }),
      ...ORDER_STATUSES.map((status) => orders.byStatus$(status).subscribe((state) => state.value?.items.forEach((o) => this.orders.has(o.id) || this.orders.set(o.id, o)))),
    ];
    const events = inject(RealtimeCacheService).events$.subscribe((event) => {
      // A change that does not say what changed (another backend's feed): the lines come from comparing the reloaded list.
      if (event.type === 'BULK_UPDATE' && event.data.updates.length === 0) {
        this.reloading.add(event.data.entityType);
        return;
      }
      const described = this.describe(event);
      if (!described) return;
      const item = this.add(described);
      if (event.type === 'ENTITY_UPDATED' && event.data.entityType === 'orders' && !this.orders.has(String(event.data.entityId))) this.lookUp(item, String(event.data.entityId));
    });
    destroyRef.onDestroy(() => [...lists, events].forEach((subscription) => subscription.unsubscribe()));
  }

  private add(described: Omit<FeedItem, 'id' | 'time'>): FeedItem {
    const item = { id: this.next++, time: TIME.format(new Date()), ...described };
    this.items.update((items) => [item, ...items].slice(0, SHOWN));
    return item;
  }

  /** After a change that said only "products changed": a line per product whose stock, price or name the reload changed. */
  private diffProducts(items: readonly Product[], settled: boolean): void {
    for (const product of items) {
      const before = this.products.get(product.id);
      this.products.set(product.id, product);
      if (!before || before.version === product.version) continue;
      const ref = { ref: `products:${product.id}`, version: product.version };
      if (before.name !== product.name) this.add({ kind: 'other', text: `“${before.name}” renamed to “${product.name}”`, ...ref });
      if (before.stock !== product.stock) {
        const verb = product.stock < before.stock ? `sold ${before.stock - product.stock}` : `restocked +${product.stock - before.stock}`;
        this.add({ kind: 'stock', text: `${product.name}: ${verb}, stock ${before.stock} → ${product.stock}`, ...ref });
      }
      if (before.price !== product.price) this.add({ kind: 'price', text: `${product.name}: price ${formatMoney(before.price)} → ${formatMoney(product.price)}`, ...ref });
    }
    if (settled) this.reloading.delete('products');
  }

  /** After a change that said only "orders changed": a line per new order and per status change the reload showed. */
  private diffOrders(items: readonly Order[], settled: boolean): void {
    for (const order of [...items].reverse()) {
      const before = this.orders.get(order.id);
      this.orders.set(order.id, order);
      const ref = { ref: `orders:${order.id}`, version: order.version };
      if (!before) this.add({ kind: 'order', text: this.newOrder(order), ...ref });
      else if (before.status !== order.status)
        this.add({ kind: 'order', text: `Order #${order.id.slice(2)} ${order.status} (${formatMoney(order.total)}, ${order.customerName})`, ...ref });
    }
    if (settled) this.reloading.delete('orders');
  }

  private newOrder(order: Order): string {
    const units = (order.items ?? []).reduce((sum, item) => sum + item.quantity, 0);
    const first = order.items?.[0];
    const what = first ? `${units}× ${this.products.get(first.productId)?.name ?? first.productId}${order.items.length > 1 ? ' and more' : ''}` : `${units} items`;
    return `New order #${order.id.slice(2)} from ${order.customerName}: ${what}, ${formatMoney(order.total)}`;
  }

  /**
   * An order this page has not loaded (older than the lists): its line gets the customer and the
   * total once `GET /api/orders/:id` answers (a few at a time, so a burst does not flood the server).
   */
  private lookUp(item: FeedItem, id: string): void {
    if (this.lookups >= MAX_LOOKUPS) return;
    this.lookups++;
    this.http.get<Order>(`/api/orders/${encodeURIComponent(id)}`).subscribe({
      next: (order) => {
        if (!this.orders.has(order.id)) this.orders.set(order.id, order);
        const text = `${item.text} (${formatMoney(order.total)}, ${order.customerName})`;
        this.items.update((items) => items.map((line) => (line.id === item.id ? { ...line, text } : line)));
      },
      error: () => (this.lookups = Math.max(0, this.lookups - 1)),
      complete: () => (this.lookups = Math.max(0, this.lookups - 1)),
    });
  }

  private describe(event: EntityEvent): Omit<FeedItem, 'id' | 'time'> | null {
    const described = this.words(event);
    if (!described) return null;
    if (event.type === 'ENTITY_UPDATED' || event.type === 'ENTITY_DELETED')
      return { ...described, ref: `${event.data.entityType}:${event.data.entityId}`, version: event.data.version };
    if (event.type === 'ENTITY_CREATED') return { ...described, ref: `${event.data.entityType}:${String(event.data.entity['id'])}`, version: Number(event.data.entity['version']) };
    return described;
  }

  private words(event: EntityEvent): Pick<FeedItem, 'kind' | 'text' | 'title'> | null {
    const { entityType } = event.data;
    if (event.type === 'ENTITY_UPDATED' && entityType === 'products') {
      const before = this.products.get(String(event.data.entityId));
      const changes = event.data.changes as Partial<Product>;
      const name = changes.name ?? before?.name ?? String(event.data.entityId);
      if (before) this.products.set(before.id, { ...before, ...changes });
      if (changes.name !== undefined && before && changes.name !== before.name) return { kind: 'other', text: `“${before.name}” renamed to “${changes.name}”` };
      if (changes.stock !== undefined) {
        const from = before?.stock;
        const verb = from === undefined ? 'stock now' : changes.stock < from ? `sold ${from - changes.stock}, stock` : `restocked +${changes.stock - from}, stock`;
        return { kind: 'stock', text: `${name}: ${verb} ${from === undefined ? '' : `${from} → `}${changes.stock}` };
      }
      if (changes.price !== undefined) return { kind: 'price', text: `${name}: price ${before ? `${formatMoney(before.price)} → ` : ''}${formatMoney(changes.price)}` };
      return { kind: 'other', text: `${name} updated (${Object.keys(changes).join(', ')})` };
    }
    if (event.type === 'BULK_UPDATE' && entityType === 'products') {
      if (event.data.updates.length === 0) return { kind: 'other', text: 'Products changed: reloading them' };
      const first = this.products.get(String(event.data.updates[0].entityId));
      for (const update of event.data.updates) {
        const before = this.products.get(String(update.entityId));
        if (before) this.products.set(before.id, { ...before, ...(update.changes as Partial<Product>) });
      }
      return { kind: 'price', text: `${first ? `${first.category}: ` : ''}${event.data.updates.length} prices changed at once` };
    }
    if (entityType === 'orders') {
      if (event.type === 'ENTITY_CREATED') {
        const order = event.data.entity as unknown as Order;
        this.orders.set(order.id, order);
        return { kind: 'order', text: this.newOrder(order) };
      }
      if (event.type === 'ENTITY_UPDATED') {
        const before = this.orders.get(String(event.data.entityId));
        const changes = event.data.changes as Partial<Order>;
        if (before) this.orders.set(before.id, { ...before, ...changes });
        const total = before ? ` (${formatMoney(before.total)}, ${before.customerName})` : '';
        return { kind: 'order', text: `Order #${String(event.data.entityId).slice(2)} ${changes.status ?? 'updated'}${total}` };
      }
      if (event.type === 'ENTITY_DELETED') {
        this.orders.delete(String(event.data.entityId));
        return {
          kind: 'other',
          text: `Order #${String(event.data.entityId).slice(2)} archived (the server keeps your 200 newest settled orders; it leaves your counts)`,
          title: ARCHIVED,
        };
      }
      return { kind: 'order', text: 'Orders changed: reloading them' };
    }
    return null;
  }
}
