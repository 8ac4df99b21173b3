import { InjectionToken } from '@angular/core';
import type { CacheHubOptions } from 'ngx-cache-hub/core';
import type { EntityConfig } from 'ngx-cache-hub/core';

const dev = typeof ngDevMode === 'undefined' || !!ngDevMode;

/** The hub's options, from `provideCacheHub(options)`. */
export const CACHE_HUB_OPTIONS = new InjectionToken<CacheHubOptions>(dev ? 'CACHE_HUB_OPTIONS' : '', {
  providedIn: 'root',
  factory: () => ({}),
});

/** One entity type's configuration, from `withEntity(type, config)`. */
export interface EntityRegistration {
  readonly type: string;
  readonly config: EntityConfig;
}

/** Every registered entity type (multi provider). */
export const CACHE_HUB_ENTITIES = new InjectionToken<readonly EntityRegistration[]>(dev ? 'CACHE_HUB_ENTITIES' : '', {
  providedIn: 'root',
  factory: () => [],
});
