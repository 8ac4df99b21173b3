import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CacheHubService, CacheNamespace, type CacheEntryState } from 'ngx-cache-hub';
import type { Observable } from 'rxjs';
import type { Order, Page } from './models';

/** The signed-in user's orders. */
@CacheNamespace('orders')
@Injectable({ providedIn: 'root' })
export class OrdersService {
  private readonly hub = inject(CacheHubService);
  private readonly http = inject(HttpClient);

  /** Every order of the user, live. */
  list$(): Observable<CacheEntryState<Page<Order>>> {
    return this.hub.fetchState('list-{"pageSize":100}', () => this.http.get<Page<Order>>('/api/orders?pageSize=100'));
  }
}
