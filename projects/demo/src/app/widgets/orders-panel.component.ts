import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { filter, map } from 'rxjs';
import { ORDER_STATUSES } from '../data/models';
import { OrdersService } from '../data/orders.service';

/** The user's orders grouped by status, live. */
@Component({
  selector: 'app-orders-panel',
  imports: [AsyncPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Orders</h2>
    @if (byStatus$ | async; as groups) {
      <div style="display: grid; grid-template-columns: repeat(5, 1fr); gap: 0.5rem">
        @for (group of groups; track group.status) {
          <div [attr.data-status]="group.status">
            <div class="muted">{{ group.status }} ({{ group.orders.length }})</div>
            @for (order of group.orders.slice(0, 8); track order.id) {
              <div style="font-size: 0.8rem" [attr.data-order]="order.id">{{ order.customerName }} · {{ order.total.toFixed(2) }}</div>
            }
          </div>
        }
      </div>
    }
  `,
})
export class OrdersPanelComponent {
  readonly byStatus$ = inject(OrdersService)
    .list$()
    .pipe(
      filter((state) => state.hasValue),
      map(({ value: page }) => ORDER_STATUSES.map((status) => ({ status, orders: page!.items.filter((order) => order.status === status) }))),
    );
}
