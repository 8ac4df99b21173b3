import type { Observable } from 'rxjs';
import type { StreamPosition } from '../hub/stream-position';
import type { BackoffOptions } from '../hub/retry-delay';
import type { MessageMapper } from './frame-reader';
import type { RealtimeTransport } from './realtime-transport';

/** Options of {@link RealtimeClient}. */
export interface RealtimeClientOptions {
  /** The primary transport, e.g. `webSocketTransport(...)` or `sseTransport(...)`. */
  readonly transport: RealtimeTransport;
  /** Used only while the primary is down, until it is back, e.g. `pollingTransport(...)`. Default: none. */
  readonly fallback?: RealtimeTransport;
  /** Backoff between reconnect attempts, the options of `exponentialBackoff`. Default `{ baseMs: 1000, maxMs: 30000, factor: 2, jitter: 'full' }`. */
  readonly reconnect?: BackoffOptions;
  /** While the page is visible and online, no reconnect delay is longer than this (ms). Default `5000`. */
  readonly visibleMaxDelayMs?: number;
  /** No frame at all for this long means the primary connection is dead; it is closed and replaced. `0` turns it off. Default `30000`. */
  readonly heartbeatTimeoutMs?: number;
  /** Adapts frames of a server that speaks another protocol. Default: none (frames must follow the protocol). */
  readonly mapMessage?: MessageMapper;
  /** Called before every connection; its token goes to the transport (URL for WebSocket/EventSource, header for fetch). Default: none. */
  readonly tokenProvider?: () => string | Promise<string>;
  /** Network state; while it is `false` no connection is attempted and the status is `offline`. Default: always online. */
  readonly online$?: Observable<boolean>;
  /** Each emission reconnects at once when the connection is down (the page became visible or focused, the network came back). Default: none. */
  readonly wake$?: Observable<unknown>;
  /** Whether the page is visible now (caps reconnect delays at `visibleMaxDelayMs`). Default: always. */
  readonly visible?: () => boolean;
  /** Where each type resumes: the `since` of its SUBSCRIBE. Default: the client's own cursor of the type. */
  readonly resumeFrom?: (entityType: string) => StreamPosition | undefined;
  /**
   * A subscription the server does not acknowledge (SUBSCRIBED or RESYNC_REQUIRED) within this
   * long counts as live anyway, without a position. Default `5000`; `0` with `mapMessage` (foreign
   * servers send no acknowledgements): live as soon as it is sent.
   */
  readonly subscribeAckTimeoutMs?: number;
  /** The random source of the reconnect jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/** A type's subscription became live on the primary connection, or the server asked for a resync. */
export interface SubscriptionAck {
  readonly entityType: string;
  /** Where the live stream starts (events after it will be delivered); unknown without one. */
  readonly position?: StreamPosition;
  /** The server could not replay from the type's cursor: its cached data must be refetched. */
  readonly resync: boolean;
}
