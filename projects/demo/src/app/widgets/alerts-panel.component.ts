import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { StockWatchService } from '../data/stock-watch.service';
import { injectClock } from './clock';
import { UpdatedAgoPipe } from './updated-ago.pipe';

/** Low-stock alerts: fire when a product falls to its threshold, clear when it is restocked. */
@Component({
  selector: 'app-alerts-panel',
  imports: [UpdatedAgoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Low-stock alerts <span class="muted">{{ watch.alerts().length }} active</span></h2>
    <div class="alerts">
      @for (alert of watch.alerts(); track alert.product.id) {
        <div class="alert" role="alert" [attr.data-alert]="alert.product.id" [class.alert-out]="alert.product.stock === 0">
          <b>{{ alert.product.name }}</b>
          <span>{{ alert.product.stock === 0 ? 'sold out' : alert.product.stock + ' left' }} (threshold {{ alert.product.lowStockThreshold }})</span>
          <span class="muted">{{ alert.since | updatedAgo: now() : 'low since' }}</span>
        </div>
      }
      @for (cleared of watch.cleared(); track cleared.id) {
        <div class="alert alert-cleared" [attr.data-cleared-alert]="cleared.id">✓ <b>{{ cleared.name }}</b> restocked: {{ cleared.stock }} in stock</div>
      }
      @if (watch.alerts().length === 0 && watch.cleared().length === 0) {
        <div class="muted" data-testid="no-alerts">Every product is above its low-stock threshold.</div>
      }
    </div>
  `,
})
export class AlertsPanelComponent {
  readonly watch = inject(StockWatchService);
  readonly now = injectClock();
}
