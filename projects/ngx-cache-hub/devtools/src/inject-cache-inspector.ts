import { DestroyRef, DOCUMENT, inject, Injector, runInInjectionContext } from '@angular/core';
import { ɵCacheHubRoot as CacheHubRoot } from 'ngx-cache-hub';
import { OFFLINE_SYNC_OPTIONS, OfflineSyncService } from 'ngx-cache-hub/offline';
import { REALTIME_OPTIONS, RealtimeCacheService, UpdateBatcher, ɵENTITY_EVENT_SINK as ENTITY_EVENT_SINK, type RealtimeOptions } from 'ngx-cache-hub/realtime';
import { CacheInspector } from './model/cache-inspector';
import type { InspectorOptions } from './model/inspector-options';
import { offlineSimulation } from './offline-simulation';

/**
 * A {@link CacheInspector} over what the app provides: the hub, and with `withRealtime()`,
 * `withBatching()` and `withOfflineSync()` the connection, the batcher and the queue. It is
 * destroyed with the injection context. "Simulate offline" dispatches the window's `offline` event,
 * which the connection, the queue and the refetch rules listen to, and keeps `navigator.onLine`
 * false until it ends, so a real network flap does not end it. Call it in
 * the browser only (the devtools component does).
 *
 * @example
 * const inspector = injectCacheInspector({ maxFrames: 1000 });
 */
export function injectCacheInspector(options: InspectorOptions = {}, injector = inject(Injector)): CacheInspector {
  return runInInjectionContext(injector, () => {
    const hub = inject(CacheHubRoot);
    const realtimeOptions = inject(REALTIME_OPTIONS, { optional: true });
    const realtime = realtimeOptions ? inject(RealtimeCacheService) : undefined;
    const sink = inject(ENTITY_EVENT_SINK, { optional: true });
    const queue = inject(OFFLINE_SYNC_OPTIONS, { optional: true }) ? inject(OfflineSyncService).queue : undefined;
    const window = inject(DOCUMENT).defaultView;
    const inspector = new CacheInspector(
      {
        hub,
        client: realtime?.client,
        sync: realtime?.sync,
        batcher: sink instanceof UpdateBatcher ? sink : undefined,
        queue,
        errors$: realtime?.errors$,
        transport: realtimeOptions ? transportLabel(realtimeOptions) : undefined,
        heartbeatTimeoutMs: realtimeOptions ? (realtimeOptions.heartbeatTimeoutMs ?? 30_000) : undefined,
        simulateOffline: window ? offlineSimulation(window) : undefined,
      },
      options,
    );
    inject(DestroyRef).onDestroy(() => inspector.destroy());
    return inspector;
  });
}

function transportLabel(options: RealtimeOptions): string {
  const primary = options.transport ? 'a custom transport' : `WebSocket ${options.url ?? '/ws'}`;
  const mapped = options.mapMessage ? ' (mapMessage)' : '';
  return options.pollUrl ? `${primary}${mapped}, polling ${options.pollUrl} while down` : `${primary}${mapped}`;
}
