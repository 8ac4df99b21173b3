import { CacheHubError, type CacheHubErrorCode } from 'ngx-cache-hub/core';

/** Set to false by production builds (Angular CLI), which drops the dev-only code it guards. */
/**
 * The root fallback of a service that a provider function must provide: injecting the service
 * without that provider throws NCH400 naming it, instead of Angular's bare NG0201.
 */
export function missingProvider(service: string, provider: string): () => never {
  return () => {
    throw new CacheHubError(
      400 satisfies CacheHubErrorCode.MissingProvider,
      (typeof ngDevMode === 'undefined' || ngDevMode) &&
        `${service} was injected, but ${provider} is not in the providers of this injector or its parents. Add it to provideCacheHub() in your app config`,
    );
  };
}
