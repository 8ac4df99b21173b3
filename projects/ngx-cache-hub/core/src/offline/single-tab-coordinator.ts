import { BehaviorSubject, NEVER } from 'rxjs';

import type { TabCoordinator, TabSession } from './tab-coordinator';

/**
 * Every session leads and hears nothing: for the server, tests, and browsers without Web Locks or BroadcastChannel.
 *
 * @example
 * new OfflineQueue({ ..., coordinator: new SingleTabCoordinator() });
 */
export class SingleTabCoordinator implements TabCoordinator {
  join(): TabSession {
    const leader$ = new BehaviorSubject(true);
    return {
      leader$: leader$.asObservable(),
      changes$: NEVER,
      notifyChange: () => undefined,
      close: () => leader$.complete(),
    };
  }
}
