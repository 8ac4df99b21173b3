import { inject, provideEnvironmentInitializer } from '@angular/core';
import { CacheHubFeature, CacheHubFeatureKind, ɵmakeCacheHubFeature as makeCacheHubFeature } from 'ngx-cache-hub';
import { OFFLINE_SYNC_OPTIONS, OfflineSyncOptions } from './offline-sync-options';
import { OfflineSyncService } from './offline-sync.service';

/**
 * Adds the offline action queue: actions are stored before their optimistic change is shown and
 * replayed in order, exactly once, when the app is online again.
 *
 * @example provideCacheHub(withRealtime({ url: '/ws' }), withOfflineSync({ scope: () => auth.userId() }))
 */
export function withOfflineSync(options: OfflineSyncOptions = {}): CacheHubFeature<CacheHubFeatureKind.OfflineSync> {
  return makeCacheHubFeature(CacheHubFeatureKind.OfflineSync, [
    { provide: OFFLINE_SYNC_OPTIONS, useValue: options },
    OfflineSyncService,
    provideEnvironmentInitializer(() => inject(OfflineSyncService)),
  ]);
}
