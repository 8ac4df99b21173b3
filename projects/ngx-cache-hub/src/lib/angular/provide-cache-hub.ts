import { EnvironmentProviders, makeEnvironmentProviders, Provider } from '@angular/core';
import type { CacheHubOptions } from '../core/cache-hub-options';
import { CacheHubError, CacheHubErrorCode } from '../core/cache-hub-error';
import { CacheHubFeature, CacheHubFeatureKind, isCacheHubFeature } from './cache-hub-feature';
import { CacheHubService } from './cache-hub.service';
import { CACHE_HUB_OPTIONS } from './tokens';

/** Features that may appear once at most. */
const SINGLE_FEATURES = [CacheHubFeatureKind.Realtime, CacheHubFeatureKind.Batching, CacheHubFeatureKind.OfflineSync];
/** Features that need another one. */
const REQUIRES: ReadonlyArray<readonly [CacheHubFeatureKind, CacheHubFeatureKind, string, string]> = [
  [CacheHubFeatureKind.Batching, CacheHubFeatureKind.Realtime, 'withBatching()', 'withRealtime()'],
];

/**
 * Sets up ngx-cache-hub for a standalone app: the hub with its options, and the features.
 *
 * @example
 * bootstrapApplication(App, { providers: [
 *   provideCacheHub({ maxEntries: 5000 }, withEntity('products', { matches: ... }), withRealtime({ url: '/ws' }), withBatching()),
 * ]});
 */
export function provideCacheHub(options?: CacheHubOptions | CacheHubFeature, ...features: CacheHubFeature[]): EnvironmentProviders {
  if (isCacheHubFeature(options)) {
    features = [options, ...features];
    options = undefined;
  }
  assertCompatible(features);
  const providers: (Provider | EnvironmentProviders)[] = [{ provide: CACHE_HUB_OPTIONS, useValue: options ?? {} }, CacheHubService];
  for (const feature of features) providers.push(...feature.ɵproviders);
  return makeEnvironmentProviders(providers);
}

function assertCompatible(features: readonly CacheHubFeature[]): void {
  const kinds = features.map((feature) => feature.ɵkind);
  for (const kind of SINGLE_FEATURES) {
    if (kinds.filter((k) => k === kind).length > 1) {
      throw new CacheHubError(
        CacheHubErrorCode.ConflictingFeatures,
        `with${CacheHubFeatureKind[kind]}() was passed to provideCacheHub() more than once. Pass it once with all its options`,
      );
    }
  }
  for (const [feature, needed, featureName, neededName] of REQUIRES) {
    if (kinds.includes(feature) && !kinds.includes(needed)) {
      throw new CacheHubError(
        CacheHubErrorCode.ConflictingFeatures,
        `${featureName} batches real-time events but ${neededName} is missing. Add ${neededName} to provideCacheHub()`,
      );
    }
  }
}
