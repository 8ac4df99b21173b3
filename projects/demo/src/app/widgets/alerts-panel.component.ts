import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { StockWatchService, type StockAlert } from '../data/stock-watch.service';

/** Lines the panel has room for: it keeps this height whatever it holds, so the panels below never move. */
const LINES = 4;
const CLOCK = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** Low-stock alerts: fire when a product falls to its threshold, clear when it is restocked. */
@Component({
  selector: 'app-alerts-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>
      Low-stock alerts
      <span class="muted" data-testid="alert-count">{{ watch.stock() === 'loaded' ? watch.alerts().length + ' active · lowest stock first' : 'stock unknown' }}</span>
    </h2>
    <div class="alerts">
      @if (watch.stock() !== 'loaded') {
        <div class="muted" data-testid="alerts-unknown" [class.low]="watch.stock() === 'failed'">
          {{ watch.stock() === 'failed' ? 'The products could not be loaded, so the stock is unknown: no alert can be shown.' : 'Loading the products…' }}
        </div>
      } @else {
        @for (alert of shown().alerts; track alert.product.id) {
          <ng-container *ngTemplateOutlet="line; context: { $implicit: alert }" />
        }
        @for (cleared of shown().cleared; track cleared.id) {
          <div class="alert alert-cleared" [attr.data-cleared-alert]="cleared.id">
            ✓ <b>{{ cleared.name }}</b> restocked: {{ cleared.stock }} in stock
          </div>
        }
        @if (shown().more.length > 0) {
          <details class="alerts-more" data-testid="alerts-more">
            <summary [attr.title]="names(shown().more)">+{{ shown().more.length }} more: {{ names(shown().more) }}</summary>
            <div class="alerts-more-list">
              @for (alert of shown().more; track alert.product.id) {
                <ng-container *ngTemplateOutlet="line; context: { $implicit: alert }" />
              }
            </div>
          </details>
        }
        @if (watch.alerts().length === 0 && watch.cleared().length === 0) {
          <div class="muted" data-testid="no-alerts">Every product is above its low-stock threshold.</div>
        }
      }
    </div>
    <ng-template #line let-alert>
      <div class="alert" role="alert" [attr.data-alert]="alert.product.id" [class.alert-out]="alert.product.stock === 0">
        <b>{{ alert.product.name }}</b>
        <span>{{ alert.product.stock === 0 ? 'sold out' : alert.product.stock + ' left' }} (threshold {{ alert.product.lowStockThreshold }})</span>
        <span class="muted" [attr.title]="alert.sinceLoad ? 'It was already low when this page loaded; when it went low is not known here' : 'This page saw it go low'">
          {{ alert.sinceLoad ? 'already low at ' : 'low since ' }}{{ clock(alert.since) }}</span
        >
      </div>
    </ng-template>
  `,
  imports: [NgTemplateOutlet],
})
export class AlertsPanelComponent {
  readonly watch = inject(StockWatchService);
  readonly clock = (at: number) => CLOCK.format(at);

  /** What fits: every alert when there is room, else the lowest ones, the cleared ones and "+N more" (opened on click, over the panels below). */
  readonly shown = computed(() => {
    const alerts = this.watch.alerts();
    const cleared = this.watch.cleared().slice(0, 2);
    if (alerts.length + cleared.length <= LINES) return { alerts, cleared, more: [] as StockAlert[] };
    const room = Math.max(1, LINES - 1 - cleared.length);
    return { alerts: alerts.slice(0, room), cleared, more: alerts.slice(room) };
  });

  names(alerts: readonly StockAlert[]): string {
    return alerts.map((alert) => alert.product.name).join(', ');
  }
}
