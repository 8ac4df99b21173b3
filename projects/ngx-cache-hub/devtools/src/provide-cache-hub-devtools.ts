import { isPlatformBrowser } from '@angular/common';
import {
  ApplicationRef,
  createComponent,
  DestroyRef,
  DOCUMENT,
  EnvironmentInjector,
  EnvironmentProviders,
  inject,
  makeEnvironmentProviders,
  PLATFORM_ID,
  provideAppInitializer,
} from '@angular/core';
import { CacheHubDevtoolsComponent } from './cache-hub-devtools.component';
import { CACHE_HUB_DEVTOOLS_OPTIONS, type CacheHubDevtoolsOptions } from './devtools-options';

/**
 * Mounts `<cache-hub-devtools>` as an overlay on `document.body` once the app starts (in the
 * browser only: nothing on the server). Put it after `provideCacheHub(...)`; leave it out of
 * production builds, e.g. behind `isDevMode()` or an environment flag.
 *
 * @example
 * providers: [provideCacheHub(withEntity('products'), withRealtime({ url: '/ws' })), provideCacheHubDevtools({ initiallyOpen: false })]
 */
export function provideCacheHubDevtools(options: CacheHubDevtoolsOptions = {}): EnvironmentProviders {
  return makeEnvironmentProviders([
    { provide: CACHE_HUB_DEVTOOLS_OPTIONS, useValue: options },
    provideAppInitializer(() => {
      if (!isPlatformBrowser(inject(PLATFORM_ID))) return;
      const document = inject(DOCUMENT);
      const app = inject(ApplicationRef);
      const host = document.createElement('cache-hub-devtools');
      document.body.appendChild(host);
      const ref = createComponent(CacheHubDevtoolsComponent, { environmentInjector: inject(EnvironmentInjector), hostElement: host });
      app.attachView(ref.hostView);
      inject(DestroyRef).onDestroy(() => {
        ref.destroy();
        host.remove();
      });
    }),
  ]);
}
