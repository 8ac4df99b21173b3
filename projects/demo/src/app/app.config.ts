import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideZonelessChangeDetection } from '@angular/core';
import { exponentialBackoff, provideCacheHub, withEntity } from 'ngx-cache-hub';
import { withOfflineSync } from 'ngx-cache-hub/offline';
import { streamPositionInterceptor, withBatching, withRealtime } from 'ngx-cache-hub/realtime';
import { authInterceptor } from './data/auth.interceptor';
import { foreignFeedTransport, mapForeignEvent } from './feed/foreign-feed';
import type { Order, Product } from './data/models';
import { DEMO_USERS, DemoUser } from './data/session.service';

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
      { retry: 3, retryDelay: exponentialBackoff({ baseMs: 1000, maxMs: 8000 }) },
      withEntity<Product>('products', { sort: (a, b) => a.name.localeCompare(b.name) }),
      withEntity<Order>('orders', { matches: () => true, sort: (a, b) => b.createdAt.localeCompare(a.createdAt) }),
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
