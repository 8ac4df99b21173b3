import { HttpErrorResponse, provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideZonelessChangeDetection } from '@angular/core';
import { exponentialBackoff, provideCacheHub, withEntity } from 'ngx-cache-hub';
import { withOfflineSync } from 'ngx-cache-hub/offline';
import { streamPositionInterceptor, withBatching, withRealtime } from 'ngx-cache-hub/realtime';
import { authInterceptor } from './data/auth.interceptor';
import { foreignFeedTransport, mapForeignEvent } from './feed/foreign-feed';
import type { Order, Product } from './data/models';
import { DEMO_USERS, DemoUser } from './data/session.service';

const unreachable = (error: unknown) => error instanceof HttpErrorResponse && [0, 502, 503, 504].includes(error.status);
const orderNumber = (order: Order) => Number(order.id.slice(2));
const query = new URLSearchParams(globalThis.location?.search ?? '');
const user: DemoUser = query.get('user') === 'bob' ? 'bob' : 'alice';
/** `?feed=foreign`: the same dashboard on the backend's own SSE feed, through mapMessage. */
const foreign = query.get('feed') === 'foreign';

/** The demo's providers: the cache with live products and orders, batching and the offline queue. */
export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    // streamPositionInterceptor: every answer says which stream position it reflects, so nothing is missed between a fetch and its subscription.
    provideHttpClient(withFetch(), withInterceptors([authInterceptor, streamPositionInterceptor])),
    provideCacheHub(
      // A server that is not there (no answer, or the proxy's 502/503/504) is retried once, so a page
      // opened while it is down says so within about a second; it reloads by itself once the connection is back.
      // Other failures are retried 3 times.
      { retry: (failures, error) => failures <= (unreachable(error) ? 1 : 3), retryDelay: exponentialBackoff({ baseMs: 1000, maxMs: 8000 }) },
      // No `sort`: the product list keeps the server's order (p-1 … p-40) and an update never moves a
      // row; the stock table sorts in the view, as the user chooses, and not while the pointer is over it.
      withEntity<Product>('products'),
      // Order lists: the newest 100 (every order) and one small list per status (`status` in the key's
      // params): an order joins the list of its new status and leaves the old one, newest created first, as the server sorts.
      withEntity<Order>('orders', {
        matches: (order, params: { status?: string }) => !params.status || order.status === params.status,
        sort: (a, b) => b.createdAt.localeCompare(a.createdAt) || orderNumber(b) - orderNumber(a),
        membershipFields: ['status', 'createdAt'],
      }),
      withRealtime(
        foreign
          ? { transport: foreignFeedTransport(), mapMessage: mapForeignEvent, tokenProvider: () => DEMO_USERS[user] }
          : {
              url: '/ws',
              // The token rides in a sub-protocol, not in the URL, where proxies and logs could keep it.
              socket: { protocol: 'ngx-cache-hub', tokenProtocol: (token) => `bearer.${token}` },
              tokenProvider: () => DEMO_USERS[user],
              pollUrl: '/api/events',
            },
      ),
      withBatching({ debounceMs: 16, maxWaitMs: 100 }),
      withOfflineSync({ scope: () => user }),
    ),
  ],
};
