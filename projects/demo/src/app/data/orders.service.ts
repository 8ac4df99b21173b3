import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CacheHubService, CacheNamespace, type CacheEntryState } from 'ngx-cache-hub';
import type { Observable } from 'rxjs';
import { ORDER_STATUSES, type Order, type OrderStatus, type OrderTotals, type OrdersPerMinute, type Page } from './models';

/** Minutes of "orders per minute" shown. */
export const ORDER_MINUTES = 15;

/** Orders shown per status column. */
export const PER_STATUS = 4;
/** The key of one status list, params sorted by name as `listKey` builds them. */
const statusKey = (status: OrderStatus) => `list-${JSON.stringify({ pageSize: PER_STATUS, status })}`;

/** The signed-in user's orders. */
@CacheNamespace('orders')
@Injectable({ providedIn: 'root' })
export class OrdersService {
  private readonly hub = inject(CacheHubService);
  private readonly http = inject(HttpClient);

  /** The newest 100 orders of the user, live (the columns show the newest few of each status). */
  list$(): Observable<CacheEntryState<Page<Order>>> {
    return this.hub.fetchState('list-{"pageSize":100}', () => this.http.get<Page<Order>>('/api/orders?pageSize=100'));
  }

  /**
   * The newest orders of one status (`GET /api/orders?status=…&pageSize=4`), live: an order that
   * moves to this status joins it, one that moves on leaves it, whatever its age.
   */
  byStatus$(status: OrderStatus): Observable<CacheEntryState<Page<Order>>> {
    return this.hub.fetchState(statusKey(status), () => this.http.get<Page<Order>>('/api/orders', { params: { pageSize: PER_STATUS, status } }));
  }

  /** Loads the status lists again now. */
  reloadStatuses(): void {
    for (const status of ORDER_STATUSES) this.hub.refetch(statusKey(status));
  }

  /** The user's counts per status and revenue over all their orders, from the server (`GET /api/orders/totals`). */
  totals() {
    return this.hub.fetchSignal<OrderTotals>('totals', () => this.http.get<OrderTotals>('/api/orders/totals'), { refetchInterval: 10_000 });
  }

  /** The user's new orders in each of the last 15 minutes, from the server (`GET /api/orders/per-minute`), reloaded every minute. */
  perMinute() {
    return this.hub.fetchSignal<OrdersPerMinute>('per-minute', () => this.http.get<OrdersPerMinute>('/api/orders/per-minute', { params: { minutes: ORDER_MINUTES } }), {
      refetchInterval: 60_000,
    });
  }

  /** Loads the per-minute counts again (after a reconnect). */
  refreshPerMinute(): void {
    this.hub.refetch('per-minute');
  }

  /** Loads the totals again (after an order event: a count or the revenue moved). */
  refreshTotals(): void {
    this.hub.refetch('totals');
  }

  /** Loads the list again now. */
  reload(): void {
    this.hub.refetch('list-{"pageSize":100}');
  }
}
