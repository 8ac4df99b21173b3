import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MetricsService } from '../data/metrics.service';
import { injectClock } from './clock';
import { UpdatedAgoPipe } from './updated-ago.pipe';

/** Revenue and counts, polled; shows how fresh they are. */
@Component({
  selector: 'app-metrics-panel',
  imports: [UpdatedAgoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Revenue <span class="muted" data-testid="metrics-age">{{ metrics.updatedAt() | updatedAgo: now() }}</span></h2>
    @if (metrics.value(); as m) {
      <div style="font-size: 1.6rem; font-weight: 600" data-testid="revenue">{{ m.revenue.toFixed(2) }}</div>
      <div class="muted">{{ m.lowStockCount }} products low on stock</div>
    }
    @if (metrics.error()) { <div class="low">metrics unavailable, retrying</div> }
  `,
})
export class MetricsPanelComponent {
  readonly metrics = inject(MetricsService).summary();
  readonly now = injectClock();
}
