import { InjectionToken } from '@angular/core';
import type { BackoffOptions } from 'ngx-cache-hub/core';
import type { MessageMapper } from 'ngx-cache-hub/core';
import type { RealtimeTransport } from 'ngx-cache-hub/core';
import type { WebSocketTransportOptions } from 'ngx-cache-hub/core';

/** Options of `withRealtime()`. */
export interface RealtimeOptions {
  /**
   * WebSocket URL of the server's stream; a path such as `/ws` is resolved against the page
   * (`ws:` or `wss:`). Ignored when `transport` is given.
   */
  url?: string;
  /** A transport you built (`sseTransport`, `fetchSseTransport`, …) instead of the WebSocket at `url`. */
  transport?: RealtimeTransport;
  /**
   * Options of the WebSocket at `url`: sub-protocols, and the token in a sub-protocol rather than
   * the URL, e.g. `{ protocol: 'ngx-cache-hub', tokenProtocol: (token) => 'bearer.' + token }`.
   */
  socket?: Omit<WebSocketTransportOptions, 'url'>;
  /** URL of the server's polling endpoint, polled while the primary connection is down. Default: no fallback. */
  pollUrl?: string;
  /** Poll interval of the fallback (ms). Default 5000. */
  pollIntervalMs?: number;
  /** Entity types to follow. Default: every type registered with `withEntity()`. */
  types?: readonly string[];
  /** Token for each connection (query parameter `token` or a sub-protocol for WebSocket, header for fetch SSE). */
  tokenProvider?: () => string | Promise<string>;
  /** Adapts another server's events to the protocol; see docs/realtime.md. */
  mapMessage?: MessageMapper;
  /** No frame for this long (ms) means the connection is dead and is replaced. Default 30 000. */
  heartbeatTimeoutMs?: number;
  /** Reconnect backoff, the options of `exponentialBackoff` (`baseMs`, `maxMs`, `factor`, `jitter`). Default 1 s doubling up to 30 s with full jitter, and at most 5 s while the page is visible; at once on `online`, focus and visibility. */
  reconnect?: BackoffOptions;
  /** How long a type stays followed after its last observed entry left (ms), so navigating back and forth loses nothing. Default 10 000. */
  lingerMs?: number;
  /** A subscription the server does not acknowledge within this long counts as live, without a position (ms). Default 5000; 0 with `mapMessage`. */
  subscribeAckTimeoutMs?: number;
}

/** The options given to `withRealtime()`. */
export const REALTIME_OPTIONS = new InjectionToken<RealtimeOptions>(typeof ngDevMode === 'undefined' || ngDevMode ? 'REALTIME_OPTIONS' : '');
