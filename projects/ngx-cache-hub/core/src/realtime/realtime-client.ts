import { BehaviorSubject, filter, Observable, Subject, Subscription, takeUntil } from 'rxjs';
import type { CacheHubError } from '../hub/cache-hub-error';
import type { StreamPosition } from '../hub/stream-position';
import { exponentialBackoff, type BackoffOptions } from '../hub/retry-delay';
import { ConnectionLink, type LinkEvents } from './connection-link';
import { FrameReader } from './frame-reader';
import { heartbeatTimeout, HeartbeatWatchdog } from './heartbeat-watchdog';
import { FrameRouter } from './frame-router';
import type { ClientFrame, ConnectionStatus, EntityEventFrame, SubscribeFrame } from './protocol';
import type { RealtimeClientOptions, SubscriptionAck } from './realtime-client-options';
import { RefCounts } from './ref-counts';
import { StreamCursors } from './stream-cursors';

declare const ngDevMode: boolean | undefined;

export type { RealtimeClientOptions, SubscriptionAck } from './realtime-client-options';

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
  readonly #errors = new Subject<CacheHubError>();
  readonly #closing = new Subject<void>();
  readonly #reconnect: BackoffOptions & { readonly maxMs: number };
  readonly #watchdog: HeartbeatWatchdog;
  readonly #ackTimeoutMs: number;
  readonly #refCounts = new RefCounts();
  readonly #router = new FrameRouter(
    (type) => this.#refCounts.has(type),
    (link) => link === this.#primary,
  );
  readonly #reader: FrameReader;
  #keepOpen = false;
  #active = false;
  #online = true;
  #inputs: Subscription | undefined;
  #primary: ConnectionLink | undefined;
  #fallback: ConnectionLink | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;

  /** The status of the primary connection; replays the current one and emits only changes. */
  readonly status$: Observable<ConnectionStatus> = this.#status.asObservable();
  /** Every valid entity event, in arrival order, duplicates (a seq already seen in its epoch) left out. */
  readonly events$: Observable<EntityEventFrame> = this.#router.events.asObservable();
  /** A typed error for every dropped frame and every failed connection; frames keep flowing. */
  readonly errors$: Observable<CacheHubError> = this.#errors.asObservable();
  /** Subscriptions that became live on the primary connection, and resyncs the server asked for. */
  readonly acks$: Observable<SubscriptionAck> = this.#router.acks.asObservable();

  readonly #options: RealtimeClientOptions;

  constructor(options: RealtimeClientOptions) {
    this.#options = options;
    this.#reconnect = { jitter: 'full', ...(options.random ? { random: options.random } : {}), ...options.reconnect, maxMs: options.reconnect?.maxMs ?? 30_000 };
    exponentialBackoff(this.#reconnect); // refuses bad reconnect options now (NCH104), not at the first reconnect
    this.#watchdog = new HeartbeatWatchdog(options.heartbeatTimeoutMs ?? 30_000);
    this.#ackTimeoutMs = options.subscribeAckTimeoutMs ?? (options.mapMessage ? 0 : 5000);
    this.#reader = new FrameReader(options.mapMessage, (error) => this.#errors.next(error));
  }

  /** The current connection status. */
  get status(): ConnectionStatus {
    return this.#status.value;
  }

  /** Frames dropped as duplicates since the client was created. */
  get duplicatesDropped(): number {
    return this.#router.seen.duplicates;
  }

  /** How far the client has the type's events: the newest position seen for it (kept across reconnects and `close()`). */
  positionOf(entityType: string): StreamPosition | undefined {
    return this.#router.cursors.of(entityType);
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
      const events = this.#router.events
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
    if (!this.#refCounts.add(entityType)) return;
    if (this.#active) this.#subscriptionsChanged(this.#subscribeFrame(entityType));
    else this.#activate();
  }

  #release(entityType: string): void {
    if (!this.#refCounts.remove(entityType)) return;
    this.#primary?.forget(entityType);
    this.#fallback?.forget(entityType);
    if (this.#keepOpen || this.#refCounts.size > 0) this.#subscriptionsChanged({ type: 'UNSUBSCRIBE', entityType });
    else this.#deactivate();
  }

  #activate(): void {
    if (this.#active) return;
    this.#active = true;
    this.#inputs = new Subscription();
    this.#inputs.add(this.#options.online$?.subscribe((online) => this.#setOnline(online)));
    this.#inputs.add(this.#options.wake$?.subscribe(() => this.#wake()));
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
    return !!link && !link.transport.duplex && !!given && this.#refCounts.differsFrom(given);
  }

  #openPrimary(): void {
    this.#primary?.drop();
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#setStatus('connecting');
    const link = (this.#primary = new ConnectionLink(this.#options.transport, (typeof ngDevMode === 'undefined' || ngDevMode) && 'The real-time connection'));
    this.#armHeartbeat();
    this.#connect(link);
  }

  #linkEvents: LinkEvents = {
    opened: (link) => {
      for (const entityType of this.#refCounts.types()) {
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
      for (const frame of this.#reader.read(raw)) this.#router.route(frame, link);
    },
    ended: (link, error) => {
      if (error) this.#errors.next(error);
      if (link === this.#fallback) this.#stopFallback(); // restarted the next time the primary fails
      if (link === this.#primary) this.#primaryEnded(link);
    },
  };

  #connect(link: ConnectionLink): void {
    link.connect(this.#options.tokenProvider, () => ({ entityTypes: [...this.#refCounts.types()], lastEventId: this.#resumeId() }), this.#linkEvents);
  }

  #primaryEnded(link: ConnectionLink): void {
    link.drop();
    this.#primary = undefined;
    this.#watchdog.disarm();
    this.#setStatus('disconnected');
    // While the page is visible, a user waits: delays stop at visibleMaxDelayMs.
    const cap = (this.#options.visible?.() ?? true) ? (this.#options.visibleMaxDelayMs ?? 5000) : Infinity;
    const delay = exponentialBackoff({ ...this.#reconnect, maxMs: Math.min(this.#reconnect.maxMs, cap) })(this.#attempt++, undefined);
    this.#reconnectTimer = setTimeout(() => this.#openPrimary(), delay);
    this.#startFallback();
  }

  #armHeartbeat(): void {
    const link = this.#primary;
    this.#watchdog.arm(() => {
      if (link !== this.#primary || !link) return;
      this.#errors.next(heartbeatTimeout(this.#watchdog.timeoutMs));
      this.#primaryEnded(link);
    });
  }

  #startFallback(): void {
    if (!this.#options.fallback || this.#fallback) return;
    this.#connect((this.#fallback = new ConnectionLink(this.#options.fallback, (typeof ngDevMode === 'undefined' || ngDevMode) && 'The fallback connection')));
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
    this.#reconnectTimer = undefined;
    this.#watchdog.disarm();
  }

  #sinceOf(entityType: string): StreamPosition | undefined {
    return this.#options.resumeFrom ? this.#options.resumeFrom(entityType) : this.#router.cursors.of(entityType);
  }

  #subscribeFrame(entityType: string): SubscribeFrame {
    const since = this.#sinceOf(entityType);
    return since === undefined ? { type: 'SUBSCRIBE', entityType } : { type: 'SUBSCRIBE', entityType, since };
  }

  /** One-way streams resume from one position: the last id of a foreign stream, else the oldest of the types' cursors. */
  #resumeId(): string | undefined {
    return this.#options.mapMessage ? this.#reader.lastId : StreamCursors.oldest(this.#refCounts.types(), (type) => this.#sinceOf(type));
  }

  #awaitAck(link: ConnectionLink, entityType: string): void {
    link.awaitAck(entityType, this.#ackTimeoutMs, () => this.#router.acknowledge(link, entityType, undefined, false));
  }

  #setStatus(status: ConnectionStatus): void {
    if (this.#status.value !== status) this.#status.next(status);
  }
}
