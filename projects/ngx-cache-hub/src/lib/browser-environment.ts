import { isPlatformBrowser } from '@angular/common';
import { DestroyRef, DOCUMENT, inject, PLATFORM_ID } from '@angular/core';
import { fromEvent, map, merge, Observable, of, startWith } from 'rxjs';
import type { RefetchScheduler } from 'ngx-cache-hub/core';

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
  // An `online` event counts only if `navigator.onLine` agrees (the devtools' simulated offline keeps it false).
  const onOnline = () => scheduler.setOnline(window?.navigator.onLine !== false);
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

/**
 * The window's network state (online/offline events; an `online` event counts only if
 * `navigator.onLine` agrees, so the devtools' simulated offline holds through a real network
 * flap); always online on the server. Call in an injection context.
 */
export function browserOnline$(): Observable<boolean> {
  const window = isPlatformBrowser(inject(PLATFORM_ID)) ? inject(DOCUMENT).defaultView : null;
  if (!window) return of(true);
  return merge(fromEvent(window, 'online').pipe(map(() => window.navigator.onLine !== false)), fromEvent(window, 'offline').pipe(map(() => false))).pipe(
    startWith(window.navigator.onLine !== false),
  );
}
