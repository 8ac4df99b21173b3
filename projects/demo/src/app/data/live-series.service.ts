import { DestroyRef, effect, inject, Injectable, signal } from '@angular/core';
import type { EntityEvent } from 'ngx-cache-hub';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';
import { MetricsService } from './metrics.service';
import type { Order } from './models';
import { OrdersService } from './orders.service';

/** A time series for the charts: x in seconds since the epoch (uPlot's unit), y the value. */
export interface Series {
  readonly x: readonly number[];
  readonly y: readonly number[];
}

const MINUTE = 60_000;
/** Minutes of "orders per minute" shown. */
export const ORDER_MINUTES = 15;
const REVENUE_POINTS = 240;

/**
 * What the charts and figures read, fed by pushed events: new orders per minute (each order
 * counted once, from the order list and from ENTITY_CREATED events), the shop's revenue over time
 * (a point each time the metrics are fetched, which every pushed order event triggers, at most
 * once a second), and the user's order totals, refetched on order events as well.
 */
@Injectable({ providedIn: 'root' })
export class LiveSeriesService {
  private readonly orders = inject(OrdersService);
  private readonly metricsService = inject(MetricsService);
  readonly metrics = this.metricsService.summary();
  readonly totals = this.orders.totals();

  private readonly createdAt = new Map<string, number>();
  private readonly perMinute = signal<Series>({ x: [], y: [] });
  private readonly revenuePoints = signal<Series>({ x: [], y: [] });
  /** New orders per minute over the last {@link ORDER_MINUTES} minutes (the last bar is the current minute). */
  readonly ordersPerMinute = this.perMinute.asReadonly();
  /** The shop's revenue at each fetch of the metrics. */
  readonly revenue = this.revenuePoints.asReadonly();

  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRefresh = 0;

  constructor() {
    const destroyRef = inject(DestroyRef);
    const events = inject(RealtimeCacheService).events$.subscribe((event) => this.onEvent(event));
    const list = this.orders.list$().subscribe((state) => {
      for (const order of state.value?.items ?? []) this.remember(order);
      this.rebuildPerMinute();
    });
    const minuteTick = setInterval(() => this.rebuildPerMinute(), 10_000);
    destroyRef.onDestroy(() => {
      events.unsubscribe();
      list.unsubscribe();
      clearInterval(minuteTick);
      clearTimeout(this.refreshTimer);
    });
    effect(() => {
      const value = this.metrics.value();
      const at = this.metrics.updatedAt();
      if (!value || !at) return;
      this.revenuePoints.update(({ x, y }) => ({ x: [...x, at / 1000].slice(-REVENUE_POINTS), y: [...y, value.revenue].slice(-REVENUE_POINTS) }));
    });
  }

  private onEvent(event: EntityEvent): void {
    if (event.data.entityType !== 'orders') return;
    if (event.type === 'ENTITY_CREATED') {
      this.remember(event.data.entity as unknown as Order);
      this.rebuildPerMinute();
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

  private remember(order: Order): void {
    if (!this.createdAt.has(order.id)) this.createdAt.set(order.id, Date.parse(order.createdAt));
  }

  private rebuildPerMinute(): void {
    const current = Math.floor(Date.now() / MINUTE);
    const counts = new Array<number>(ORDER_MINUTES).fill(0);
    for (const [id, at] of this.createdAt) {
      const index = ORDER_MINUTES - 1 - (current - Math.floor(at / MINUTE));
      if (index >= 0 && index < ORDER_MINUTES) counts[index]++;
      else if (index < 0) this.createdAt.delete(id);
    }
    const x = counts.map((_, index) => ((current - (ORDER_MINUTES - 1) + index) * MINUTE) / 1000);
    const previous = this.perMinute();
    if (previous.x[0] === x[0] && previous.y.every((value, index) => value === counts[index])) return;
    this.perMinute.set({ x, y: counts });
  }
}
