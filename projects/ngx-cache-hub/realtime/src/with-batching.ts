import { DestroyRef, inject } from '@angular/core';
import { CacheHubFeature, CacheHubFeatureKind, ɵCacheHubRoot as CacheHubRoot, ɵmakeCacheHubFeature as makeCacheHubFeature } from 'ngx-cache-hub';
import { UpdateBatcher } from 'ngx-cache-hub/core';
import type { BatchingOptions } from 'ngx-cache-hub/core';
import { ENTITY_EVENT_SINK } from './entity-event-sink';

/**
 * Coalesces real-time update storms: events are buffered and applied in one hub transaction per
 * flush, so each observed key is notified at most once per flush. Needs `withRealtime()`.
 *
 * @example provideCacheHub(withEntity('products'), withRealtime({ url: '/ws' }), withBatching({ maxWaitMs: 100 }))
 */
export function withBatching(options: BatchingOptions = {}): CacheHubFeature<CacheHubFeatureKind.Batching> {
  return makeCacheHubFeature(CacheHubFeatureKind.Batching, [
    {
      provide: ENTITY_EVENT_SINK,
      useFactory: () => {
        const hub = inject(CacheHubRoot);
        const batcher = new UpdateBatcher(hub, hub.entities, options);
        inject(DestroyRef).onDestroy(() => batcher.destroy());
        return batcher;
      },
    },
  ]);
}
