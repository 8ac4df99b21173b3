import { InjectionToken } from '@angular/core';
import type { Observable } from 'rxjs';
import type { ConnectionStatus } from 'ngx-cache-hub/core';

/** What other features need of the real-time connection, without depending on its implementation. */
export interface RealtimeConnection {
  readonly status$: Observable<ConnectionStatus>;
  /** Keeps the connection open even when no entity type is followed. */
  keepOpen(): void;
}

/** The real-time connection, when `withRealtime()` is provided. */
export const REALTIME_CONNECTION = new InjectionToken<RealtimeConnection>(typeof ngDevMode === 'undefined' || ngDevMode ? 'REALTIME_CONNECTION' : '');
