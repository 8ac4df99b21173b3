import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { CacheHubDevtoolsComponent } from 'ngx-cache-hub/devtools';
import { SessionService } from './data/session.service';
import { ActivityFeedComponent } from './widgets/activity-feed.component';
import { AlertsPanelComponent } from './widgets/alerts-panel.component';
import { ChartsPanelComponent } from './widgets/charts-panel.component';
import { ConnectionBadgeComponent } from './widgets/connection-badge.component';
import { KpiStripComponent } from './widgets/kpi-strip.component';
import { OrdersPanelComponent } from './widgets/orders-panel.component';
import { PendingActionsComponent } from './widgets/pending-actions.component';
import { StockPanelComponent } from './widgets/stock-panel.component';

/**
 * The live seller dashboard, laid out to fit 1280x800 without scrolling the page: figures, charts
 * and the stock table on the left; alerts, orders, activity and the offline queue on the right.
 * The header's Devtools button loads and opens the cache's devtools (ngx-cache-hub/devtools).
 */
@Component({
  selector: 'app-root',
  imports: [
    ConnectionBadgeComponent,
    KpiStripComponent,
    ChartsPanelComponent,
    StockPanelComponent,
    AlertsPanelComponent,
    OrdersPanelComponent,
    ActivityFeedComponent,
    PendingActionsComponent,
    CacheHubDevtoolsComponent,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="top">
      <h1>Seller dashboard</h1>
      <app-connection-badge />
      <span style="flex: 1"></span>
      <span class="top-muted"
        >signed in as <b data-testid="user">{{ user() }}</b> · <a [href]="'?user=' + other()">switch to {{ other() }}</a></span
      >
      <span class="top-muted">ngx-cache-hub demo</span>
      <button class="top-button" data-testid="open-devtools" [attr.aria-pressed]="devtoolsOpen()" (click)="toggleDevtools()">Devtools</button>
    </header>
    <!-- ngx-cache-hub/devtools, in its own chunk: loaded the first time the button is pressed -->
    @defer (when devtoolsLoaded()) {
      <cache-hub-devtools [(open)]="devtoolsOpen" />
    }
    <main class="layout">
      <div class="col col-left">
        <app-kpi-strip />
        <app-charts-panel />
        <section class="panel grow"><app-stock-panel /></section>
      </div>
      <div class="col col-right">
        <section class="panel alerts-panel"><app-alerts-panel /></section>
        <section class="panel"><app-orders-panel /></section>
        <section class="panel grow"><app-activity-feed /></section>
        <section class="panel"><app-pending-actions /></section>
      </div>
    </main>
  `,
})
export class AppComponent {
  readonly user = inject(SessionService).user;
  readonly other = () => (this.user() === 'alice' ? 'bob' : 'alice');
  protected readonly devtoolsLoaded = signal(false);
  protected readonly devtoolsOpen = signal(false);

  protected toggleDevtools(): void {
    this.devtoolsLoaded.set(true);
    this.devtoolsOpen.update((open) => !open);
  }
}
