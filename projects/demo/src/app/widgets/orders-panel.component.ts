import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { LiveSeriesService } from '../data/live-series.service';
import { ORDER_STATUSES, type Order } from '../data/models';
import { MoneyPipe } from '../data/money';
import { OrdersService } from '../data/orders.service';
import { StockWatchService } from '../data/stock-watch.service';
import { injectClock } from './clock';
import { UpdatedAgoPipe } from './updated-ago.pipe';

const SHOWN_PER_STATUS = 4;

/** The user's orders by status, live: counts from the server's totals, the latest few orders of each status. */
@Component({
  selector: 'app-orders-panel',
  imports: [AsyncPipe, MoneyPipe, UpdatedAgoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let state = state$ | async;
    <h2>Your orders <span class="muted">{{ totals.value()?.count ?? '…' }} in all</span></h2>
    @if (state && !state.hasValue) {
      <p data-testid="orders-status" [class.low]="!!state.error">
        @if (state.error) {
          The orders could not be loaded (the server is unreachable). They load as soon as it is back.
          <button (click)="orders.reload()">Retry now</button>
        } @else {
          Loading your orders…
        }
      </p>
    }
    @if (state?.value; as page) {
      <div class="order-columns">
        @for (status of statuses; track status) {
          <div class="order-column" [attr.data-status]="status">
            <div class="order-head"><span class="status-dot" [attr.data-s]="status"></span>{{ status }}
              <b data-testid="status-count">{{ totals.value()?.statusCounts?.[status] ?? '…' }}</b></div>
            @for (order of latest(page.items, status); track order.id) {
              <div class="order-card" [attr.data-order]="order.id" [attr.data-version]="order.version">
                <div><b>#{{ order.id.slice(2) }}</b> <span class="amount">{{ order.total | money }}</span></div>
                <div class="muted order-items">{{ describeItems(order) }}</div>
                <div class="muted">{{ time(order.updatedAt) | updatedAgo: now() : status }}</div>
              </div>
            }
          </div>
        }
      </div>
    }
  `,
})
export class OrdersPanelComponent {
  readonly orders = inject(OrdersService);
  readonly totals = inject(LiveSeriesService).totals;
  private readonly names = inject(StockWatchService).names;
  readonly statuses = ORDER_STATUSES;
  readonly now = injectClock();
  readonly state$ = this.orders.list$();

  readonly time = (iso: string) => Date.parse(iso);

  latest(orders: readonly Order[], status: string): Order[] {
    return orders
      .filter((order) => order.status === status)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.createdAt.localeCompare(a.createdAt))
      .slice(0, SHOWN_PER_STATUS);
  }

  describeItems(order: Order): string {
    const items = order.items ?? [];
    const units = items.reduce((sum, item) => sum + item.quantity, 0);
    const first = items[0];
    if (!first) return '';
    const name = this.names().get(first.productId) ?? first.productId;
    const more = items.length > 1 ? ` +${items.length - 1} more` : '';
    return `${units} item${units === 1 ? '' : 's'}: ${first.quantity}× ${name}${more}`;
  }
}
