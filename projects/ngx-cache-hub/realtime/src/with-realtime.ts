import { inject, provideEnvironmentInitializer } from '@angular/core';
import {
  CacheHubFeature,
  CacheHubFeatureKind,
  ɵmakeCacheHubFeature as makeCacheHubFeature,
  ɵREALTIME_CONNECTION as REALTIME_CONNECTION,
  type ɵRealtimeConnection as RealtimeConnection,
} from 'ngx-cache-hub';
import { RealtimeCacheService } from './realtime-cache.service';
import { REALTIME_OPTIONS, RealtimeOptions } from './realtime-options';

/**
 * Keeps cached entities live over WebSocket (or SSE, or a transport of yours), with a polling
 * fallback while the connection is down. Entity types registered with `withEntity()` are followed
 * while something observes them.
 *
 * @example
 * provideCacheHub(withEntity('products'), withRealtime({ url: '/ws', pollUrl: '/api/events', tokenProvider: () => auth.token() }))
 */
export function withRealtime(options: RealtimeOptions = {}): CacheHubFeature<CacheHubFeatureKind.Realtime> {
  return makeCacheHubFeature(CacheHubFeatureKind.Realtime, [
    { provide: REALTIME_OPTIONS, useValue: options },
    RealtimeCacheService,
    {
      provide: REALTIME_CONNECTION,
      useFactory: (): RealtimeConnection => {
        const service = inject(RealtimeCacheService);
        return { status$: service.connectionStatus$, keepOpen: () => service.client.connect() };
      },
    },
    provideEnvironmentInitializer(() => inject(RealtimeCacheService)),
  ]);
}
