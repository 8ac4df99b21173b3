import type { Observable } from 'rxjs';
import type { CacheHub, CacheHubError, LiveSync, OfflineQueue, RealtimeClient, UpdateBatcher } from 'ngx-cache-hub/core';

/**
 * What a {@link CacheInspector} looks at. Only `hub` is required; each other part adds its panel.
 * `provideCacheHubDevtools()` and `<cache-hub-devtools>` collect them from the app's providers.
 */
export interface InspectorSources {
  /** The cache. Its entries are read with `inspect()`: the inspector never observes them. */
  readonly hub: CacheHub;
  /** The real-time connection: status, frames, cursors, errors. */
  readonly client?: Omit<RealtimeClient, 'close'>;
  /** The live-sync rules: which types are followed. */
  readonly sync?: Pick<LiveSync, 'followedTypes'>;
  /** The batcher between the connection and the store: counters and flushes. */
  readonly batcher?: UpdateBatcher;
  /** The offline queue: pending, in-flight and failed actions per user. */
  readonly queue?: Omit<OfflineQueue, 'destroy'>;
  /** The errors to list besides the queue's (say, the client's and the events the store refused). Default: the client's `errors$`. */
  readonly errors$?: Observable<CacheHubError>;
  /** How the connection is made, as shown (e.g. `WebSocket /ws, polling /api/events`). */
  readonly transport?: string;
  /** The client's `heartbeatTimeoutMs`, as shown: a connection silent this long is replaced. */
  readonly heartbeatTimeoutMs?: number;
  /** Takes the app offline (true) and back (false); without it, "simulate offline" is not offered. */
  readonly simulateOffline?: (offline: boolean) => void;
}
