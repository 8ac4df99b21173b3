import { DestroyRef, effect, inject, Injectable, signal } from '@angular/core';
import type { EntityEvent } from 'ngx-cache-hub';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';
import { MetricsService } from './metrics.service';
import type { Order } from './models';
import { ORDER_MINUTES, OrdersService } from './orders.service';

/** A time series for the charts: x in seconds since the epoch (uPlot's unit), y the value. */
export interface Series {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

const MINUTE = 60_000;
const REVENUE_POINTS = 240;
export { ORDER_MINUTES };

/**
 * What the charts and figures read: new orders per minute (the server's counts over the last
 * {@link ORDER_MINUTES} minutes, plus the orders pushed since that answer, each counted once), the
 * shop's revenue over time (a point each time the metrics are fetched, which every pushed order
 * event triggers, at most once a second), and the user's order totals, refetched on order events as well.
 */
@Injectable({ providedIn: 'root' })
export class LiveSeriesService {
  private readonly orders = inject(OrdersService);
  private readonly metricsService = inject(MetricsService);
  readonly metrics = this.metricsService.summary();
  readonly totals = this.orders.totals();
  /** The server's per-minute counts (complete, also right after a reload). */
  readonly perMinuteCounts = this.orders.perMinute();

  /** Orders pushed after the server's last per-minute answer (numbered above its `throughOrder`): id → createdAt. */
  private readonly pushed = new Map<number, number>();
  private readonly perMinute = signal<Series>({ x: [], y: [] });
  private readonly revenuePoints = signal<Series>({ x: [], y: [] });
  /** New orders per minute over the last {@link ORDER_MINUTES} minutes (the last bar is the current minute); empty until the server answered. */
  readonly ordersPerMinute = this.perMinute.asReadonly();
  /** The shop's revenue at each fetch of the metrics. */
  readonly revenue = this.revenuePoints.asReadonly();

  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRefresh = 0;

  constructor() {
    const destroyRef = inject(DestroyRef);
    const status = inject(RealtimeCacheService).connectionStatus;
    const events = inject(RealtimeCacheService).events$.subscribe((event) => this.onEvent(event));
    const minuteTick = setInterval(() => this.rebuildPerMinute(), 10_000);
    destroyRef.onDestroy(() => {
      events.unsubscribe();
      clearInterval(minuteTick);
      clearTimeout(this.refreshTimer);
    });
    effect(() => {
      const value = this.metrics.value();
      const at = this.metrics.updatedAt();
      if (!value || !at) return;
      this.revenuePoints.update(({ x, y }) => ({ x: [...x, at / 1000].slice(-REVENUE_POINTS), y: [...y, value.revenue].slice(-REVENUE_POINTS) }));
    });
    // A new answer counts every order up to its `throughOrder`: the pushed ones it covers are dropped.
    effect(() => {
      const counts = this.perMinuteCounts.value();
      if (!counts) return;
      for (const number of this.pushed.keys()) if (number <= counts.throughOrder) this.pushed.delete(number);
      this.rebuildPerMinute();
    });
    // Back after the connection was lost: events may have been missed, so ask the server again.
    let wasDown = false;
    effect(() => {
      const now = status();
      if (now === 'connected' && wasDown) this.orders.refreshPerMinute();
      wasDown = now === 'disconnected' || now === 'offline' || (wasDown && now !== 'connected');
    });
  }

  private onEvent(event: EntityEvent): void {
    if (event.data.entityType !== 'orders') return;
    if (event.type === 'ENTITY_CREATED') {
      const order = event.data.entity as unknown as Order;
      const number = Number(order.id.slice(2));
      // Before the first answer every one is kept: the answer drops those it covers.
      const through = this.perMinuteCounts.value()?.throughOrder ?? 0;
      if (number > through && !this.pushed.has(number)) {
        this.pushed.set(number, Date.parse(order.createdAt));
        this.rebuildPerMinute();
      }
    }
    this.scheduleRefresh();
  }

  /** Refetches the totals and metrics at most once a second, the last event of a burst included. */
  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    const wait = Math.max(0, this.lastRefresh + 1000 - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.lastRefresh = Date.now();
      this.orders.refreshTotals();
      this.metricsService.refresh();
    }, wait);
  }

  private rebuildPerMinute(): void {
    const server = this.perMinuteCounts.value();
    if (!server) return;
    const current = Math.floor(Date.now() / MINUTE);
    const first = current - (ORDER_MINUTES - 1);
    const counts = new Array<number>(ORDER_MINUTES).fill(0);
    for (const { start, count } of server.minutes) {
      const index = Math.floor(Date.parse(start) / MINUTE) - first;
      if (index >= 0 && index < ORDER_MINUTES) counts[index] += count;
    }
    for (const [number, at] of this.pushed) {
      const index = Math.floor(at / MINUTE) - first;
      if (index >= 0 && index < ORDER_MINUTES) counts[index]++;
      else if (index < 0) this.pushed.delete(number);
    }
    const x = counts.map((_, index) => ((first + index) * MINUTE) / 1000);
    const previous = this.perMinute();
    if (previous.x[0] === x[0] && previous.y.every((value, index) => value === counts[index])) return;
    this.perMinute.set({ x, y: counts });
  }
}
