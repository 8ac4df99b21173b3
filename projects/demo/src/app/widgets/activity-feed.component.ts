import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import type { EntityEvent } from 'ngx-cache-hub';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';
import type { Order, Product } from '../data/models';
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
}

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const SHOWN = 30;

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
        <div class="feed-item" data-testid="activity" [attr.data-kind]="item.kind" [attr.data-ref]="item.ref" [attr.data-version]="item.version"><span class="muted">{{ item.time }}</span> {{ item.text }}</div>
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

  constructor() {
    const destroyRef = inject(DestroyRef);
    const lists = [
      inject(ProductsService).list$().subscribe((state) => state.value?.items.forEach((p) => this.products.has(p.id) || this.products.set(p.id, p))),
      inject(OrdersService).list$().subscribe((state) => state.value?.items.forEach((o) => this.orders.has(o.id) || this.orders.set(o.id, o))),
    ];
    const events = inject(RealtimeCacheService).events$.subscribe((event) => {
      const described = this.describe(event);
      if (!described) return;
      const item = { id: this.next++, time: TIME.format(new Date()), ...described };
      this.items.update((items) => [item, ...items].slice(0, SHOWN));
    });
    destroyRef.onDestroy(() => [...lists, events].forEach((subscription) => subscription.unsubscribe()));
  }

  private describe(event: EntityEvent): Omit<FeedItem, 'id' | 'time'> | null {
    const described = this.words(event);
    if (!described) return null;
    if (event.type === 'ENTITY_UPDATED' || event.type === 'ENTITY_DELETED') return { ...described, ref: `${event.data.entityType}:${event.data.entityId}`, version: event.data.version };
    if (event.type === 'ENTITY_CREATED') return { ...described, ref: `${event.data.entityType}:${String(event.data.entity['id'])}`, version: Number(event.data.entity['version']) };
    return described;
  }

  private words(event: EntityEvent): Pick<FeedItem, 'kind' | 'text'> | null {
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
        const units = (order.items ?? []).reduce((sum, item) => sum + item.quantity, 0);
        const first = order.items?.[0];
        const what = first ? `${units}× ${this.products.get(first.productId)?.name ?? first.productId}${order.items.length > 1 ? ' and more' : ''}` : `${units} items`;
        return { kind: 'order', text: `New order #${order.id.slice(2)} from ${order.customerName}: ${what}, ${formatMoney(order.total)}` };
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
        return { kind: 'other', text: `Order #${String(event.data.entityId).slice(2)} archived` };
      }
      return { kind: 'order', text: 'Orders changed: reloading them' };
    }
    return null;
  }
}
