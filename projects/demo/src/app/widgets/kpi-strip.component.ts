import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { OfflineSyncService } from 'ngx-cache-hub/offline';
import { LiveSeriesService } from '../data/live-series.service';
import { formatMoneyCompact, MoneyPipe } from '../data/money';
import { StockWatchService } from '../data/stock-watch.service';
import { injectClock } from './clock';
import { UpdatedAgoPipe } from './updated-ago.pipe';

/** The figures a seller looks at first: revenue, their open orders, low stock, unsynced changes. */
@Component({
  selector: 'app-kpi-strip',
  imports: [MoneyPipe, UpdatedAgoPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="kpi">
      <div class="kpi-label">Shop revenue</div>
      @if (series.metrics.value(); as m) {
        <div class="kpi-value" data-testid="revenue">{{ m.revenue | money }}</div>
        <div class="kpi-sub" data-testid="metrics-age">{{ series.metrics.updatedAt() | updatedAgo: now() }}</div>
      } @else if (series.metrics.error()) {
        <div class="kpi-value low" data-testid="revenue-error">unavailable</div>
      } @else {
        <div class="kpi-value muted">…</div>
      }
    </div>
    <div class="kpi">
      <div class="kpi-label">Your open orders</div>
      @if (series.totals.value(); as t) {
        <div class="kpi-value" data-testid="open-orders">{{ t.statusCounts.pending + t.statusCounts.confirmed + t.statusCounts.shipped }}</div>
        <div class="kpi-sub" [attr.title]="t.count + ' orders in all, ' + (t.revenue | money) + ' earned (confirmed, shipped, delivered)'">
          of {{ t.count }} · {{ compact(t.revenue) }} earned
        </div>
      } @else {
        <div class="kpi-value muted">…</div>
      }
    </div>
    <div class="kpi" [class.kpi-alert]="lowCount() > 0" title="Products at or under their low-stock threshold">
      <div class="kpi-label">Low stock</div>
      @switch (watch.stock()) {
        @case ('loaded') {
          <div class="kpi-value" data-testid="low-count">{{ lowCount() }}</div>
          <div class="kpi-sub">at or under threshold</div>
        }
        @case ('failed') {
          <div class="kpi-value low" data-testid="low-count-unknown">unknown</div>
          <div class="kpi-sub">products not loaded</div>
        }
        @default {
          <div class="kpi-value muted" data-testid="low-count-unknown">…</div>
          <div class="kpi-sub">loading the products</div>
        }
      }
    </div>
    <div class="kpi" [class.kpi-warn]="sync.pending().length > 0">
      <div class="kpi-label">Not yet synced</div>
      <div class="kpi-value" data-testid="queued-count">{{ sync.pending().length }}</div>
      <div class="kpi-sub">{{ sync.syncing() ? 'syncing…' : sync.pending().length ? 'waiting for the server' : 'all changes saved' }}</div>
    </div>
  `,
  host: { class: 'kpis' },
})
export class KpiStripComponent {
  readonly series = inject(LiveSeriesService);
  readonly sync = inject(OfflineSyncService);
  readonly watch = inject(StockWatchService);
  readonly lowCount = computed(() => this.watch.alerts().length);
  readonly now = injectClock();
  readonly compact = formatMoneyCompact;
}
