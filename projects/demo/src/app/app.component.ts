import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { SessionService } from './data/session.service';
import { ActivityFeedComponent } from './widgets/activity-feed.component';
import { ConnectionBadgeComponent } from './widgets/connection-badge.component';
import { MetricsPanelComponent } from './widgets/metrics-panel.component';
import { OrdersPanelComponent } from './widgets/orders-panel.component';
import { PendingActionsComponent } from './widgets/pending-actions.component';
import { StockPanelComponent } from './widgets/stock-panel.component';

/** The live seller dashboard. */
@Component({
  selector: 'app-root',
  imports: [ConnectionBadgeComponent, StockPanelComponent, OrdersPanelComponent, MetricsPanelComponent, ActivityFeedComponent, PendingActionsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header style="display: flex; align-items: center; gap: 1rem; padding: 0.8rem 1.2rem; background: #1d2330; color: white">
      <h1 style="font-size: 1.1rem">Seller dashboard</h1>
      <app-connection-badge />
      <span class="muted" style="color: #c3cad6">signed in as <b data-testid="user">{{ user() }}</b> · <a style="color: #9ec5ff" [href]="'?user=' + other()">switch to {{ other() }}</a></span>
      <span style="flex: 1"></span>
      <span class="muted" style="color: #c3cad6">ngx-cache-hub demo</span>
    </header>
    <main style="display: grid; grid-template-columns: 2fr 1fr; gap: 1rem; padding: 1rem; align-items: start">
      <section class="panel"><app-stock-panel /></section>
      <div style="display: flex; flex-direction: column; gap: 1rem">
        <section class="panel"><app-metrics-panel /></section>
        <section class="panel"><app-pending-actions /></section>
        <section class="panel"><app-activity-feed /></section>
      </div>
      <section class="panel" style="grid-column: span 2"><app-orders-panel /></section>
    </main>
  `,
})
export class AppComponent {
  readonly user = inject(SessionService).user;
  readonly other = () => (this.user() === 'alice' ? 'bob' : 'alice');
}
