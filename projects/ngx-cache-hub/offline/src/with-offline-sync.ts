import { inject, provideEnvironmentInitializer } from '@angular/core';
import { CacheHubFeature, CacheHubFeatureKind, ɵmakeCacheHubFeature as makeCacheHubFeature, ɵOFFLINE_MUTATION_QUEUE as OFFLINE_MUTATION_QUEUE } from 'ngx-cache-hub';
import { OFFLINE_SYNC_OPTIONS, OfflineSyncOptions } from './offline-sync-options';
import { OfflineSyncService } from './offline-sync.service';

/**
 * Adds the offline action queue: actions are stored before their optimistic change is shown and
 * replayed in order, exactly once, when the app is online again. `cacheMutation({ offline })` sends through it.
 *
 * @example provideCacheHub(withRealtime({ url: '/ws' }), withOfflineSync({ scope: () => auth.userId() }))
 */
export function withOfflineSync(options: OfflineSyncOptions = {}): CacheHubFeature<CacheHubFeatureKind.OfflineSync> {
  return makeCacheHubFeature(CacheHubFeatureKind.OfflineSync, [
    { provide: OFFLINE_SYNC_OPTIONS, useValue: options },
    OfflineSyncService,
    { provide: OFFLINE_MUTATION_QUEUE, useExisting: OfflineSyncService },
    provideEnvironmentInitializer(() => inject(OfflineSyncService)),
  ]);
}
