import { EnvironmentProviders } from '@angular/core';
import { CacheHubFeature, CacheHubOptions, provideCacheHub } from 'ngx-cache-hub';

/**
 * `provideCacheHub` for tests: no retries and no gc or ttl timers, so tests control time
 * themselves; features are passed through.
 *
 * @example TestBed.configureTestingModule({ providers: [provideCacheHubTesting({}, withEntity('products'))] });
 */
export function provideCacheHubTesting(options: CacheHubOptions = {}, ...features: CacheHubFeature[]): EnvironmentProviders {
  return provideCacheHub({ retry: 0, gcTime: Infinity, ttl: Infinity, ...options }, ...features);
}
