import { isPlatformBrowser } from '@angular/common';
import { DestroyRef, DOCUMENT, inject, PLATFORM_ID } from '@angular/core';
import type { RefetchScheduler } from '../core/freshness/refetch-scheduler';

/**
 * Tells the refetch scheduler when the tab is visible and when the network is up, from the
 * injected `DOCUMENT` (so tests can drive it); on the server it does nothing. Call in an
 * injection context; listeners go away with it.
 */
export function bindBrowserEnvironment(scheduler: RefetchScheduler): void {
  if (!isPlatformBrowser(inject(PLATFORM_ID))) return;
  const document = inject(DOCUMENT);
  const window = document.defaultView;
  const onVisibility = () => scheduler.setVisible(document.visibilityState !== 'hidden');
  const onOnline = () => scheduler.setOnline(true);
  const onOffline = () => scheduler.setOnline(false);
  document.addEventListener('visibilitychange', onVisibility);
  window?.addEventListener('online', onOnline);
  window?.addEventListener('offline', onOffline);
  onVisibility();
  if (window?.navigator.onLine === false) onOffline();
  inject(DestroyRef).onDestroy(() => {
    document.removeEventListener('visibilitychange', onVisibility);
    window?.removeEventListener('online', onOnline);
    window?.removeEventListener('offline', onOffline);
  });
}
