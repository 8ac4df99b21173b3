import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { TimeChartComponent } from '../charts/time-chart.component';
import { LiveSeriesService, ORDER_MINUTES } from '../data/live-series.service';
import { formatMoney, formatMoneyCompact } from '../data/money';

/** Revenue over time and new orders per minute, live. */
@Component({
  selector: 'app-charts-panel',
  imports: [TimeChartComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'charts' },
  template: `
    <section class="panel">
      <h2>
        Shop revenue <span class="muted">{{ revenueChange() }}</span>
      </h2>
      <app-time-chart
        data-testid="revenue-chart"
        [series]="series.revenue()"
        [format]="moneyAxis"
        color="#0e9f6e"
        label="Shop revenue over time"
        emptyText="revenue over time appears here as orders are confirmed"
      />
    </section>
    <section class="panel">
      <h2>
        Your new orders per minute <span class="muted">last {{ minutes }} min · {{ lastMinute() }}</span>
      </h2>
      <app-time-chart
        data-testid="orders-chart"
        kind="bars"
        [series]="series.ordersPerMinute()"
        color="#2f6fed"
        label="New orders per minute"
        [emptyText]="series.perMinuteCounts.error() ? 'the counts could not be loaded (server unreachable); they load once it is back' : 'loading the counts…'"
      />
    </section>
  `,
})
export class ChartsPanelComponent {
  readonly series = inject(LiveSeriesService);
  readonly minutes = ORDER_MINUTES;
  readonly moneyAxis = formatMoneyCompact;
  readonly lastMinute = computed(() => {
    const last = this.series.ordersPerMinute().y.at(-1);
    return last === undefined ? 'not loaded yet' : `${last} this minute`;
  });
  readonly revenueChange = computed(() => {
    const { y } = this.series.revenue();
    if (y.length < 2) return 'since you opened the page';
    const change = y.at(-1)! - y[0];
    return `${change >= 0 ? '+' : '−'}${formatMoney(Math.abs(change))} since you opened the page`;
  });
}
