import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { CacheEntryState } from 'ngx-cache-hub';
import { combineLatest } from 'rxjs';
import { LiveSeriesService } from '../data/live-series.service';
import { ORDER_STATUSES, type Order } from '../data/models';
import { formatMoney, MoneyPipe } from '../data/money';
import { OrdersService, PER_STATUS } from '../data/orders.service';
import { StockWatchService } from '../data/stock-watch.service';
import { injectClock } from './clock';
import { UpdatedAgoPipe } from './updated-ago.pipe';

const STAMP = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The user's orders by status, live: counts from the server's totals, the latest few orders of each status. */
@Component({
  selector: 'app-orders-panel',
  imports: [AsyncPipe, MoneyPipe, UpdatedAgoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let states = states$ | async;
    <h2>
      Your orders <span class="muted">{{ totals.value()?.count ?? '…' }} in all · the {{ shown }} newest of each status</span>
    </h2>
    @if (states && !allLoaded(states)) {
      <p data-testid="orders-status" [class.low]="failed(states)">
        @if (retrying()) {
          Retrying: asking the server again…
        } @else if (failed(states)) {
          The orders could not be loaded (the server is unreachable). They load as soon as it is back.
          <button (click)="retry()">Retry now</button>
        } @else {
          Loading your orders…
        }
      </p>
    }
    @if (states && anyLoaded(states)) {
      <div class="order-columns">
        @for (status of statuses; track status; let i = $index) {
          <div class="order-column" [attr.data-status]="status">
            <div class="order-head">
              <span class="status-dot" [attr.data-s]="status"></span>{{ status }} <b data-testid="status-count">{{ totals.value()?.statusCounts?.[status] ?? '…' }}</b>
            </div>
            @for (order of (states[i].value?.items ?? []).slice(0, shown); track order.id) {
              <div class="order-card" [attr.data-order]="order.id" [attr.data-version]="order.version" [attr.title]="details(order)">
                <div>
                  <b>#{{ order.id.slice(2) }}</b> <span class="amount">{{ order.total | money }}</span>
                </div>
                <div class="muted order-items">{{ describeItems(order) }}</div>
                <div class="muted order-time">{{ time(order.updatedAt) | updatedAgo: now() : '' }}</div>
              </div>
            } @empty {
              @if (states[i].hasValue) {
                <div class="muted order-none">none</div>
              }
            }
          </div>
        }
      </div>
    }
  `,
})
export class OrdersPanelComponent {
  private readonly orders = inject(OrdersService);
  readonly totals = inject(LiveSeriesService).totals;
  private readonly names = inject(StockWatchService).names;
  readonly statuses = ORDER_STATUSES;
  readonly shown = PER_STATUS;
  readonly now = injectClock();
  /** One small cached list per status, each kept live by the order events. */
  readonly states$ = combineLatest(ORDER_STATUSES.map((status) => this.orders.byStatus$(status)));
  readonly retrying = signal(false);

  readonly time = (iso: string) => Date.parse(iso);
  readonly allLoaded = (states: readonly CacheEntryState<unknown>[]) => states.every((state) => state.hasValue);
  readonly anyLoaded = (states: readonly CacheEntryState<unknown>[]) => states.some((state) => state.hasValue);
  readonly failed = (states: readonly CacheEntryState<unknown>[]) => states.some((state) => !state.hasValue && !!state.error);

  /** Loads the lists again; the button says so for a moment, so a click visibly did something. */
  retry(): void {
    this.retrying.set(true);
    this.orders.reloadStatuses();
    setTimeout(() => this.retrying.set(false), 1_200);
  }

  /** Everything the card shortens: every item by name, the status and when the order got it, when it was placed. */
  details(order: Order): string {
    const items = (order.items ?? []).map((item) => `${item.quantity}× ${this.names().get(item.productId) ?? item.productId}`).join(', ');
    return `Order #${order.id.slice(2)}, ${formatMoney(order.total)}: ${items}\n${order.status} at ${STAMP.format(new Date(order.updatedAt))} · placed ${STAMP.format(new Date(order.createdAt))}`;
  }

  describeItems(order: Order): string {
    const items = order.items ?? [];
    const first = items[0];
    if (!first) return '';
    const name = this.names().get(first.productId) ?? first.productId;
    const more = items.length > 1 ? ` +${items.length - 1} more` : '';
    return `${first.quantity}× ${name}${more}`;
  }
}
