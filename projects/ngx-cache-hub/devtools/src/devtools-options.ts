import { InjectionToken } from '@angular/core';
import type { InspectorOptions } from './model/inspector-options';

/** Options of `provideCacheHubDevtools()` and `<cache-hub-devtools>`; the inspector's limits included. */
export interface CacheHubDevtoolsOptions extends InspectorOptions {
  /** Whether the panel starts open. Default `false`: only the toggle button shows. */
  readonly initiallyOpen?: boolean;
  /** The corner the toggle button and the panel sit in. Default `'bottom-right'`. */
  readonly position?: 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
}

/** The options given to `provideCacheHubDevtools()`. */
export const CACHE_HUB_DEVTOOLS_OPTIONS = new InjectionToken<CacheHubDevtoolsOptions>(typeof ngDevMode === 'undefined' || ngDevMode ? 'CACHE_HUB_DEVTOOLS_OPTIONS' : '');
