import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CacheHubService, CacheNamespace, type CacheEntryState } from 'ngx-cache-hub';
import type { Observable } from 'rxjs';
import type { Order, OrderTotals, Page } from './models';

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

  /** The user's counts per status and revenue over all their orders, from the server (`GET /api/orders/totals`). */
  totals() {
    return this.hub.fetchSignal<OrderTotals>('totals', () => this.http.get<OrderTotals>('/api/orders/totals'), { refetchInterval: 10_000 });
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
