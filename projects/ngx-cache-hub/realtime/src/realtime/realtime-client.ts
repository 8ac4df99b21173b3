import { BehaviorSubject, filter, Observable, Subject, takeUntil, type Subscription } from 'rxjs';
import { CacheHubError, type CacheHubErrorCode, formatStreamPosition, type StreamPosition } from 'ngx-cache-hub';
import { backoffDelay, DEFAULT_RECONNECT_OPTIONS, type ReconnectOptions } from './backoff-delay';
import { ConnectionLink, type LinkEvents } from './connection-link';
import { FrameReader, type MessageMapper } from './frame-reader';
import type { ClientFrame, ConnectionStatus, EntityEventFrame, ServerFrame, SubscribeFrame } from './protocol';
import type { RealtimeTransport } from './realtime-transport';
import { SeenWindow } from './seen-window';

/** Options of {@link RealtimeClient}. */
export interface RealtimeClientOptions {
  /** The primary transport, e.g. `webSocketTransport(...)` or `sseTransport(...)`. */
  readonly transport: RealtimeTransport;
  /** Used only while the primary is down, until it is back, e.g. `pollingTransport(...)`. Default: none. */
  readonly fallback?: RealtimeTransport;
  /** Backoff between reconnect attempts. Default `{ initialDelayMs: 1000, maxDelayMs: 30000, factor: 2 }`. */
  readonly reconnect?: Partial<ReconnectOptions>;
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

/**
 * The real-time connection manager: opens the transport while entity types are subscribed,
 * subscribes each type `since` its cursor and reports when the server acknowledged it (or asked
 * for a resync), reconnects with backoff and full jitter (at once when woken), replaces silent
 * connections (heartbeat), falls back to polling while the primary is down, validates every
 * frame and drops duplicates by seq. Framework-free: `LiveSync` and the Angular services use it.
 *
 * @example
 * const client = new RealtimeClient({ transport: webSocketTransport({ url: 'wss://api.example.com/live' }) });
 * client.subscribe('product').subscribe((frame) => applyToCache(frame));
 * client.acks$.subscribe(({ entityType, resync }) => resync && refetch(entityType));
 */
export class RealtimeClient {
  readonly #status = new BehaviorSubject<ConnectionStatus>('disconnected');
  readonly #events = new Subject<EntityEventFrame>();
  readonly #errors = new Subject<CacheHubError>();
  readonly #acks = new Subject<SubscriptionAck>();
  readonly #closing = new Subject<void>();
  readonly #reconnect: ReconnectOptions;
  readonly #heartbeatTimeoutMs: number;
  readonly #ackTimeoutMs: number;
  readonly #refCounts = new Map<string, number>();
  readonly #cursors = new Map<string, StreamPosition>();
  readonly #seen = new SeenWindow();
  readonly #reader: FrameReader;
  #keepOpen = false;
  #active = false;
  #online = true;
  #inputs: Subscription | undefined;
  #primary: ConnectionLink | undefined;
  #fallback: ConnectionLink | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;

  /** The status of the primary connection; replays the current one and emits only changes. */
  readonly status$: Observable<ConnectionStatus> = this.#status.asObservable();
  /** Every valid entity event, in arrival order, duplicates (a seq already seen in its epoch) left out. */
  readonly events$: Observable<EntityEventFrame> = this.#events.asObservable();
  /** A typed error for every dropped frame and every failed connection; frames keep flowing. */
  readonly errors$: Observable<CacheHubError> = this.#errors.asObservable();
  /** Subscriptions that became live on the primary connection, and resyncs the server asked for. */
  readonly acks$: Observable<SubscriptionAck> = this.#acks.asObservable();

  constructor(private readonly options: RealtimeClientOptions) {
    this.#reconnect = { ...DEFAULT_RECONNECT_OPTIONS, ...options.reconnect };
    this.#heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 30_000;
    this.#ackTimeoutMs = options.subscribeAckTimeoutMs ?? (options.mapMessage ? 0 : 5000);
    this.#reader = new FrameReader(options.mapMessage, (error) => this.#errors.next(error));
  }

  /** The current connection status. */
  get status(): ConnectionStatus {
    return this.#status.value;
  }

  /** Frames dropped as duplicates since the client was created. */
  get duplicatesDropped(): number {
    return this.#seen.duplicates;
  }

  /** How far the client has the type's events: the newest position seen for it (kept across reconnects and `close()`). */
  positionOf(entityType: string): StreamPosition | undefined {
    return this.#cursors.get(entityType);
  }

  /** Whether the type's subscription is live on the open primary connection. */
  isLive(entityType: string): boolean {
    return !!this.#primary?.open && this.#primary.acked.has(entityType);
  }

  /**
   * One entity type's events. Ref-counted: the first subscriber sends `SUBSCRIBE` (opening the
   * connection if needed); after the last one leaves, `UNSUBSCRIBE` is sent, or the connection is
   * closed when no other type (and no `connect()`) needs it.
   */
  subscribe(entityType: string): Observable<EntityEventFrame> {
    return new Observable<EntityEventFrame>((subscriber) => {
      const events = this.#events
        .pipe(
          filter((frame) => frame.data.entityType === entityType),
          takeUntil(this.#closing),
        )
        .subscribe(subscriber);
      this.#retain(entityType);
      return () => {
        events.unsubscribe();
        this.#release(entityType);
      };
    });
  }

  /** Opens the connection now and keeps it open, even without subscribers, until `close()`. */
  connect(): void {
    this.#keepOpen = true;
    this.#activate();
  }

  /**
   * Completes every `subscribe()` stream and closes the connection, leaving no timer, socket or
   * listener behind. The client stays usable (and keeps its cursors): a later `subscribe()` or `connect()` opens it again.
   */
  close(): void {
    this.#keepOpen = false;
    this.#closing.next();
    this.#deactivate();
  }

  #retain(entityType: string): void {
    const count = this.#refCounts.get(entityType) ?? 0;
    this.#refCounts.set(entityType, count + 1);
    if (count > 0) return;
    if (this.#active) this.#subscriptionsChanged(this.#subscribeFrame(entityType));
    else this.#activate();
  }

  #release(entityType: string): void {
    const count = this.#refCounts.get(entityType) ?? 0;
    if (count > 1) return void this.#refCounts.set(entityType, count - 1);
    if (count === 0) return;
    this.#refCounts.delete(entityType);
    for (const link of [this.#primary, this.#fallback]) {
      clearTimeout(link?.pending.get(entityType));
      link?.pending.delete(entityType);
      link?.acked.delete(entityType);
    }
    if (this.#keepOpen || this.#refCounts.size > 0) this.#subscriptionsChanged({ type: 'UNSUBSCRIBE', entityType });
    else this.#deactivate();
  }

  #activate(): void {
    if (this.#active) return;
    this.#active = true;
    this.#inputs = this.options.online$?.subscribe((online) => this.#setOnline(online));
    this.#inputs?.add(this.options.wake$?.subscribe(() => this.#wake()));
    if (!this.#inputs) this.#inputs = this.options.wake$?.subscribe(() => this.#wake());
    if (this.#online) this.#openPrimary();
  }

  #deactivate(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#inputs?.unsubscribe();
    this.#inputs = undefined;
    this.#online = true;
    this.#dropConnections();
    this.#attempt = 0;
    this.#setStatus('disconnected');
  }

  #setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    if (online) {
      this.#attempt = 0;
      this.#openPrimary();
    } else {
      this.#dropConnections();
      this.#setStatus('offline');
    }
  }

  /** The page came back: a connection waiting for its backoff is attempted now. */
  #wake(): void {
    if (!this.#active || !this.#online || this.#primary) return;
    this.#attempt = 0;
    this.#openPrimary();
  }

  /** Two-way connections hear about the change; one-way ones are reopened with the new set of types. */
  #subscriptionsChanged(frame: ClientFrame): void {
    for (const link of [this.#primary, this.#fallback]) {
      if (!link?.open || !link.transport.duplex) continue;
      link.transport.send(frame);
      if (frame.type === 'SUBSCRIBE') this.#awaitAck(link, frame.entityType);
    }
    if (this.#isOutdated(this.#primary)) this.#openPrimary();
    if (this.#isOutdated(this.#fallback)) {
      this.#stopFallback();
      this.#startFallback();
    }
  }

  /** A one-way connection opened with other types than the live ones; one still waiting for its token reads them when it connects. */
  #isOutdated(link: ConnectionLink | undefined): boolean {
    const given = link?.entityTypes;
    if (!link || link.transport.duplex || !given) return false;
    return given.length !== this.#refCounts.size || given.some((type) => !this.#refCounts.has(type));
  }

  #openPrimary(): void {
    this.#primary?.drop();
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#setStatus('connecting');
    const link = (this.#primary = new ConnectionLink(this.options.transport, 'The real-time connection'));
    this.#armHeartbeat();
    this.#connect(link);
  }

  #linkEvents: LinkEvents = {
    opened: (link) => {
      for (const entityType of this.#refCounts.keys()) {
        if (link.transport.duplex) link.transport.send(this.#subscribeFrame(entityType));
        this.#awaitAck(link, entityType);
      }
      if (link !== this.#primary) return;
      this.#attempt = 0;
      this.#armHeartbeat();
      this.#setStatus('connected');
      this.#stopFallback();
    },
    received: (link, raw) => {
      if (link === this.#primary) this.#armHeartbeat();
      for (const frame of this.#reader.read(raw)) this.#dispatch(frame, link);
    },
    ended: (link, error) => {
      if (error) this.#errors.next(error);
      if (link === this.#fallback) this.#stopFallback(); // restarted the next time the primary fails
      if (link === this.#primary) this.#primaryEnded(link);
    },
  };

  #connect(link: ConnectionLink): void {
    link.connect(this.options.tokenProvider, () => ({ entityTypes: [...this.#refCounts.keys()], lastEventId: this.#resumeId() }), this.#linkEvents);
  }

  #primaryEnded(link: ConnectionLink): void {
    link.drop();
    this.#primary = undefined;
    clearTimeout(this.#heartbeatTimer);
    this.#heartbeatTimer = undefined;
    this.#setStatus('disconnected');
    const visibleCap = this.options.visibleMaxDelayMs ?? 5000;
    const capped = this.options.visible?.() ?? true;
    const reconnect = capped ? { ...this.#reconnect, maxDelayMs: Math.min(this.#reconnect.maxDelayMs, visibleCap) } : this.#reconnect;
    this.#reconnectTimer = setTimeout(() => this.#openPrimary(), backoffDelay(this.#attempt++, reconnect, this.options.random));
    this.#startFallback();
  }

  #armHeartbeat(): void {
    clearTimeout(this.#heartbeatTimer);
    const timeout = this.#heartbeatTimeoutMs;
    if (!(timeout > 0 && Number.isFinite(timeout))) return;
    const link = this.#primary;
    this.#heartbeatTimer = setTimeout(() => {
      this.#heartbeatTimer = undefined;
      if (link !== this.#primary || !link) return;
      this.#errors.next(
        new CacheHubError(
          205 satisfies CacheHubErrorCode.HeartbeatTimeout,
          `No frame arrived for ${timeout} ms, so the connection was closed and is being replaced. ` +
            'Make the server send PING frames (or SSE comments) more often, or raise heartbeatTimeoutMs.',
        ),
      );
      this.#primaryEnded(link);
    }, timeout);
  }

  #startFallback(): void {
    if (!this.options.fallback || this.#fallback) return;
    this.#connect((this.#fallback = new ConnectionLink(this.options.fallback, 'The fallback connection')));
  }

  #stopFallback(): void {
    this.#fallback?.drop();
    this.#fallback = undefined;
  }

  #dropConnections(): void {
    this.#primary?.drop();
    this.#primary = undefined;
    this.#stopFallback();
    clearTimeout(this.#reconnectTimer);
    clearTimeout(this.#heartbeatTimer);
    this.#reconnectTimer = this.#heartbeatTimer = undefined;
  }

  #sinceOf(entityType: string): StreamPosition | undefined {
    return this.options.resumeFrom ? this.options.resumeFrom(entityType) : this.#cursors.get(entityType);
  }

  #subscribeFrame(entityType: string): SubscribeFrame {
    const since = this.#sinceOf(entityType);
    return since === undefined ? { type: 'SUBSCRIBE', entityType } : { type: 'SUBSCRIBE', entityType, since };
  }

  /** One-way streams resume from one position: the last id of a foreign stream, else the oldest of the types' cursors. */
  #resumeId(): string | undefined {
    if (this.options.mapMessage) return this.#reader.lastId;
    let oldest: StreamPosition | undefined;
    for (const type of this.#refCounts.keys()) {
      const since = this.#sinceOf(type);
      if (since && (!oldest || (since.epoch === oldest.epoch && since.seq < oldest.seq))) oldest = since;
    }
    return oldest && formatStreamPosition(oldest);
  }

  #awaitAck(link: ConnectionLink, entityType: string): void {
    clearTimeout(link.pending.get(entityType));
    link.acked.delete(entityType);
    if (this.#ackTimeoutMs <= 0) return this.#acknowledge(link, entityType, undefined, false);
    link.pending.set(entityType, setTimeout(() => this.#acknowledge(link, entityType, undefined, false), this.#ackTimeoutMs));
  }

  #acknowledge(link: ConnectionLink, entityType: string, position: StreamPosition | undefined, resync: boolean): void {
    if (!this.#refCounts.has(entityType)) return;
    if (position) this.#advance(entityType, position, resync);
    clearTimeout(link.pending.get(entityType));
    link.pending.delete(entityType);
    if (link === this.#primary) link.acked.add(entityType);
    if (link === this.#primary || resync) this.#acks.next({ entityType, position, resync });
  }

  /** Moves a type's cursor forward (or anywhere, on a resync or a new epoch). */
  #advance(entityType: string, position: StreamPosition, reset = false): void {
    const cursor = this.#cursors.get(entityType);
    if (reset || !cursor || cursor.epoch !== position.epoch || position.seq > cursor.seq) this.#cursors.set(entityType, position);
  }

  #dispatch(frame: ServerFrame, link: ConnectionLink): void {
    const position = frame.seq !== undefined && frame.epoch !== undefined ? { epoch: frame.epoch, seq: frame.seq } : undefined;
    switch (frame.type) {
      case 'PING':
        if (link.transport.duplex) link.transport.send(frame.seq === undefined ? { type: 'PONG' } : { type: 'PONG', seq: frame.seq });
        // Everything before the heartbeat was sent: acknowledged types are current to the head.
        if (position) for (const type of link.acked) this.#advance(type, position);
        return;
      case 'SUBSCRIBED':
      case 'RESYNC_REQUIRED':
        return this.#acknowledge(link, frame.data.entityType, position, frame.type === 'RESYNC_REQUIRED');
      default: {
        if (frame.seq !== undefined && !this.#seen.admit(frame.epoch, frame.seq)) return;
        const { entityType } = frame.data;
        if (position && this.#refCounts.has(entityType)) this.#advance(entityType, position);
        this.#events.next(frame);
      }
    }
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status.value !== status) this.#status.next(status);
  }
}
