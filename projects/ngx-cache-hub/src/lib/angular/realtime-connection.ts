import { InjectionToken } from '@angular/core';
import type { Observable } from 'rxjs';

declare const ngDevMode: boolean | undefined;

/**
 * The state of the real-time connection: `connecting` while a connection is being opened,
 * `connected` once it is open, `disconnected` when there is none (idle, or waiting to reconnect),
 * `offline` while the network is known to be down.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'offline';

/** What other features need of the real-time connection, without depending on its implementation. */
export interface RealtimeConnection {
  readonly status$: Observable<ConnectionStatus>;
  /** Keeps the connection open even when no entity type is followed. */
  keepOpen(): void;
}

/** The real-time connection, when `withRealtime()` is provided. */
export const REALTIME_CONNECTION = new InjectionToken<RealtimeConnection>(typeof ngDevMode === 'undefined' || ngDevMode ? 'REALTIME_CONNECTION' : '');
