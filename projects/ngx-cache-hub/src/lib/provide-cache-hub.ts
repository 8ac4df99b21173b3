import { EnvironmentProviders, makeEnvironmentProviders, Provider } from '@angular/core';
import type { CacheHubOptions } from 'ngx-cache-hub/core';
import { CacheHubError, type CacheHubErrorCode } from 'ngx-cache-hub/core';
import { CacheHubFeature, CacheHubFeatureKind, isCacheHubFeature } from './cache-hub-feature';
import { CacheHubRoot } from './cache-hub.service';
import { CACHE_HUB_OPTIONS } from './tokens';

/** Set to false by production builds (Angular CLI), which drops the dev-only code it guards. */
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
  if (typeof ngDevMode === 'undefined' || ngDevMode) assertCompatible(features);
  const providers: (Provider | EnvironmentProviders)[] = [{ provide: CACHE_HUB_OPTIONS, useValue: options ?? {} }, CacheHubRoot];
  for (const feature of features) providers.push(...feature.ɵproviders);
  return makeEnvironmentProviders(providers);
}

/** Dev-mode check: single features passed twice, features missing the one they need. */
function assertCompatible(features: readonly CacheHubFeature[]): void {
  const kinds = features.map((feature) => feature.ɵkind);
  for (const kind of [CacheHubFeatureKind.Realtime, CacheHubFeatureKind.Batching, CacheHubFeatureKind.OfflineSync, CacheHubFeatureKind.TransferState]) {
    if (kinds.filter((k) => k === kind).length > 1) {
      throw new CacheHubError(
        401 satisfies CacheHubErrorCode.ConflictingFeatures,
        (typeof ngDevMode === 'undefined' || ngDevMode) && `with${CacheHubFeatureKind[kind]}() was passed to provideCacheHub() more than once. Pass it once with all its options`,
      );
    }
  }
  if (kinds.includes(CacheHubFeatureKind.Batching) && !kinds.includes(CacheHubFeatureKind.Realtime)) {
    throw new CacheHubError(
      401 satisfies CacheHubErrorCode.ConflictingFeatures,
      (typeof ngDevMode === 'undefined' || ngDevMode) && 'withBatching() batches real-time events but withRealtime() is missing. Add withRealtime() to provideCacheHub()',
    );
  }
}
