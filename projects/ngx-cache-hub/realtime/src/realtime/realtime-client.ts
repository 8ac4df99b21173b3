import { BehaviorSubject, defer, filter, Observable, Subject, switchMap, takeUntil, type Subscription } from 'rxjs';
import { CacheHubError, type CacheHubErrorCode } from 'ngx-cache-hub';
import { backoffDelay, DEFAULT_RECONNECT_OPTIONS, type ReconnectOptions } from './backoff-delay';
import { decodeFrame } from './decode-frame';
import { parseServerFrame } from './parse-server-frame';
import type { ClientFrame, ConnectionStatus, EntityEventFrame, ServerFrame, SubscribeFrame } from './protocol';
import type { RealtimeTransport } from './realtime-transport';
import { toTransportError } from './to-transport-error';

/**
 * Adapts another server's events to the protocol. Receives each incoming frame after JSON
 * parsing, before validation; returns a protocol frame, several, or `null`/`undefined` to drop it.
 */
export type MessageMapper = (frame: unknown) => unknown;

/** Options of {@link RealtimeClient}. */
export interface RealtimeClientOptions {
  /** The primary transport, e.g. `webSocketTransport(...)` or `sseTransport(...)`. */
  readonly transport: RealtimeTransport;
  /** Used only while the primary is down, until it is back, e.g. `pollingTransport(...)`. Default: none. */
  readonly fallback?: RealtimeTransport;
  /** Backoff between reconnect attempts. Default `{ initialDelayMs: 1000, maxDelayMs: 30000, factor: 2 }`. */
  readonly reconnect?: Partial<ReconnectOptions>;
  /** No frame at all for this long means the primary connection is dead; it is closed and replaced. `0` turns it off. Default `30000`. */
  readonly heartbeatTimeoutMs?: number;
  /** Adapts frames of a server that speaks another protocol. Default: none (frames must follow the protocol). */
  readonly mapMessage?: MessageMapper;
  /** Called before every connection; its token goes to the transport (URL for WebSocket/EventSource, header for fetch). Default: none. */
  readonly tokenProvider?: () => string | Promise<string>;
  /** Network state; while it is `false` no connection is attempted and the status is `offline`. Default: always online. */
  readonly online$?: Observable<boolean>;
  /** The random source of the reconnect jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/** One connection opened through a transport. */
interface Link {
  readonly transport: RealtimeTransport;
  subscription?: Subscription;
  open: boolean;
  /** The entity types the transport was given, once it has been (after the token resolved). */
  entityTypes?: readonly string[];
}

/**
 * The real-time connection manager: opens the transport while entity types are subscribed,
 * reconnects with backoff and full jitter, replaces silent connections (heartbeat), re-subscribes
 * with `since` after a reconnect, falls back to polling while the primary is down, and validates
 * every frame. Framework-free: the Angular services wrap it.
 *
 * @example
 * const client = new RealtimeClient({
 *   transport: webSocketTransport({ url: 'wss://api.example.com/live' }),
 *   fallback: pollingTransport({ url: '/api/events/poll' }),
 * });
 * client.subscribe('product').subscribe((frame) => applyToCache(frame));
 * client.resync$.subscribe((entityType) => refetch(entityType));
 */
export class RealtimeClient {
  private readonly statusSubject = new BehaviorSubject<ConnectionStatus>('disconnected');
  private readonly eventsSubject = new Subject<EntityEventFrame>();
  private readonly errorsSubject = new Subject<CacheHubError>();
  private readonly resyncSubject = new Subject<string>();
  private readonly closing = new Subject<void>();

  /**
   * The status of the primary connection; replays the current one and emits only changes.
   * While the primary is down it is `disconnected`, even when the fallback delivers events.
   */
  readonly status$: Observable<ConnectionStatus> = this.statusSubject.asObservable();
  /** Every valid entity event, in arrival order, duplicates (a `seq` already seen for the type) left out. */
  readonly events$: Observable<EntityEventFrame> = this.eventsSubject.asObservable();
  /** A typed error for every dropped frame and every failed connection; frames keep flowing. */
  readonly errors$: Observable<CacheHubError> = this.errorsSubject.asObservable();
  /**
   * Entity types whose cached data must be invalidated and refetched: on `RESYNC_REQUIRED`, and
   * for every live type after a reconnect when no seq is known (the server cannot replay what was missed).
   */
  readonly resync$: Observable<string> = this.resyncSubject.asObservable();

  private readonly reconnect: ReconnectOptions;
  private readonly heartbeatTimeoutMs: number;
  private readonly refCounts = new Map<string, number>();
  private readonly seqByType = new Map<string, number>();
  private cursor: number | undefined;
  private keepOpen = false;
  private active = false;
  private online = true;
  private onlineSubscription: Subscription | undefined;
  private primary: Link | undefined;
  private fallback: Link | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setTimeout> | undefined;
  private attempt = 0;
  /** A connection failed or was lost since the last open: events may have been missed. */
  private gap = false;

  constructor(private readonly options: RealtimeClientOptions) {
    this.reconnect = { ...DEFAULT_RECONNECT_OPTIONS, ...options.reconnect };
    this.heartbeatTimeoutMs = options.heartbeatTimeoutMs ?? 30_000;
  }

  /** The current connection status. */
  get status(): ConnectionStatus {
    return this.statusSubject.value;
  }

  /**
   * Where the client stands in the server's stream: the highest `seq` seen, or the one a
   * `RESYNC_REQUIRED` reset it to. It is the `since` of every `SUBSCRIBE` sent on reconnect,
   * SSE's `Last-Event-ID` and polling's first `since`.
   */
  get lastSeq(): number | undefined {
    return this.cursor;
  }

  /** The highest `seq` delivered for a subscribed entity type; frames of that type at or below it are skipped as duplicates. */
  lastSeqOf(entityType: string): number | undefined {
    return this.seqByType.get(entityType);
  }

  /**
   * One entity type's events. Ref-counted: the first subscriber sends `SUBSCRIBE` (opening the
   * connection if needed); after the last one leaves, `UNSUBSCRIBE` is sent, or the connection is
   * closed when no other type (and no `connect()`) needs it.
   */
  subscribe(entityType: string): Observable<EntityEventFrame> {
    return new Observable<EntityEventFrame>((subscriber) => {
      const events = this.eventsSubject
        .pipe(
          filter((frame) => frame.data.entityType === entityType),
          takeUntil(this.closing),
        )
        .subscribe(subscriber);
      this.retain(entityType);
      return () => {
        events.unsubscribe();
        this.release(entityType);
      };
    });
  }

  /** Opens the connection now and keeps it open, even without subscribers, until `close()`. */
  connect(): void {
    this.keepOpen = true;
    this.activate();
  }

  /**
   * Completes every `subscribe()` stream and closes the connection, leaving no timer, socket or
   * listener behind. The client stays usable: a later `subscribe()` or `connect()` opens it again.
   */
  close(): void {
    this.keepOpen = false;
    this.closing.next();
    this.deactivate();
  }

  private retain(entityType: string): void {
    const count = this.refCounts.get(entityType) ?? 0;
    this.refCounts.set(entityType, count + 1);
    if (count > 0) {
      return;
    }
    if (this.active) {
      this.subscriptionsChanged({ type: 'SUBSCRIBE', entityType });
    } else {
      this.activate();
    }
  }

  private release(entityType: string): void {
    const count = this.refCounts.get(entityType) ?? 0;
    if (count > 1) {
      this.refCounts.set(entityType, count - 1);
      return;
    }
    if (count === 0) {
      return;
    }
    this.refCounts.delete(entityType);
    this.seqByType.delete(entityType);
    if (this.keepOpen || this.refCounts.size > 0) {
      this.subscriptionsChanged({ type: 'UNSUBSCRIBE', entityType });
    } else {
      this.deactivate();
    }
  }

  private activate(): void {
    if (this.active) {
      return;
    }
    this.active = true;
    this.onlineSubscription = this.options.online$?.subscribe((online) => this.setOnline(online));
    if (this.online) {
      this.openPrimary();
    }
  }

  private deactivate(): void {
    if (!this.active) {
      return;
    }
    this.active = false;
    this.onlineSubscription?.unsubscribe();
    this.onlineSubscription = undefined;
    this.online = true;
    this.dropConnections();
    this.attempt = 0;
    this.gap = false;
    this.cursor = undefined;
    this.setStatus('disconnected');
  }

  private setOnline(online: boolean): void {
    if (online === this.online) {
      return;
    }
    this.online = online;
    if (online) {
      this.attempt = 0;
      this.openPrimary();
    } else {
      this.dropConnections();
      this.gap = true;
      this.setStatus('offline');
    }
  }

  /**
   * Two-way connections hear about the change; one-way ones are reopened with the new set of types.
   * A reopened connection waits a microtask for its token and then reads the live types, so the
   * subscriptions made in one turn (a page of components) share one reopen.
   */
  private subscriptionsChanged(frame: ClientFrame): void {
    for (const link of [this.primary, this.fallback]) {
      if (link?.open && link.transport.duplex) {
        link.transport.send(frame);
      }
    }
    if (this.isOutdated(this.primary)) {
      this.openPrimary();
    }
    if (this.isOutdated(this.fallback)) {
      this.stopFallback();
      this.startFallback({ afterOutage: false });
    }
  }

  /** A one-way connection opened with other types than the live ones; one still waiting for its token reads them when it connects. */
  private isOutdated(link: Link | undefined): boolean {
    const given = link?.entityTypes;
    if (!link || link.transport.duplex || !given) {
      return false;
    }
    return given.length !== this.refCounts.size || given.some((type) => !this.refCounts.has(type));
  }

  private openPrimary(): void {
    this.dropLink(this.primary);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.setStatus('connecting');
    const link: Link = { transport: this.options.transport, open: false };
    this.primary = link;
    this.armHeartbeat();
    this.openLink(link, 'The real-time connection', {
      opened: () => this.primaryOpened(link),
      ended: (error) => this.primaryEnded(link, error),
    });
  }

  private primaryOpened(link: Link): void {
    if (this.primary !== link) {
      return;
    }
    this.attempt = 0;
    this.armHeartbeat();
    this.setStatus('connected');
    this.stopFallback();
    if (this.gap) {
      this.gap = false;
      this.resyncIfUnresumable();
    }
  }

  private primaryEnded(link: Link, error?: CacheHubError): void {
    if (this.primary !== link) {
      return;
    }
    this.dropLink(link);
    this.primary = undefined;
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    if (error) {
      this.report(error);
    }
    this.gap = true;
    this.setStatus('disconnected');
    const delay = backoffDelay(this.attempt++, this.reconnect, this.options.random);
    this.reconnectTimer = setTimeout(() => this.openPrimary(), delay);
    this.startFallback({ afterOutage: true });
  }

  private armHeartbeat(): void {
    clearTimeout(this.heartbeatTimer);
    if (this.heartbeatTimeoutMs > 0 && Number.isFinite(this.heartbeatTimeoutMs)) {
      const link = this.primary;
      this.heartbeatTimer = setTimeout(() => {
        this.heartbeatTimer = undefined;
        if (link) {
          this.primaryEnded(
            link,
            new CacheHubError(
              205 satisfies CacheHubErrorCode.HeartbeatTimeout,
              `No frame arrived for ${this.heartbeatTimeoutMs} ms, so the connection was closed and is being replaced. ` +
                'Make the server send PING frames more often, or raise heartbeatTimeoutMs.',
            ),
          );
        }
      }, this.heartbeatTimeoutMs);
    }
  }

  /** `afterOutage`: the primary just went down, so events may have been missed. */
  private startFallback({ afterOutage }: { afterOutage: boolean }): void {
    const transport = this.options.fallback;
    if (!transport || this.fallback) {
      return;
    }
    const link: Link = { transport, open: false };
    this.fallback = link;
    this.openLink(link, 'The fallback connection', {
      opened: () => afterOutage && this.resyncIfUnresumable(),
      ended: (error) => {
        if (this.fallback === link) {
          // Restarted the next time the primary fails.
          this.stopFallback();
          if (error) this.report(error);
        }
      },
    });
  }

  private stopFallback(): void {
    this.dropLink(this.fallback);
    this.fallback = undefined;
  }

  private dropConnections(): void {
    this.dropLink(this.primary);
    this.primary = undefined;
    this.stopFallback();
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.heartbeatTimer);
    this.reconnectTimer = this.heartbeatTimer = undefined;
  }

  private dropLink(link: Link | undefined): void {
    if (link) {
      link.open = false;
      link.subscription?.unsubscribe();
    }
  }

  /** Resolves a token, connects, re-sends live subscriptions once open, and routes frames. */
  private openLink(link: Link, what: string, on: { opened(): void; ended(error?: CacheHubError): void }): void {
    const opened = () => {
      if (link.open || link.subscription?.closed) {
        return;
      }
      link.open = true;
      if (link.transport.duplex) {
        for (const entityType of this.refCounts.keys()) {
          link.transport.send(this.subscribeFrame(entityType));
        }
      }
      on.opened();
    };
    link.subscription = defer(() => Promise.resolve(this.options.tokenProvider?.()))
      .pipe(
        switchMap((token) => {
          link.entityTypes = [...this.refCounts.keys()];
          return link.transport.connect({ entityTypes: link.entityTypes, lastSeq: this.cursor, token, opened });
        }),
      )
      .subscribe({
        next: (raw) => this.receive(raw, link),
        error: (error: unknown) => on.ended(toTransportError(error, what)),
        complete: () => on.ended(),
      });
  }

  /** `since` is the stream position: `seq` is one counter across all types, so every live type resumes from it. */
  private subscribeFrame(entityType: string): SubscribeFrame {
    const since = this.cursor;
    return since === undefined ? { type: 'SUBSCRIBE', entityType } : { type: 'SUBSCRIBE', entityType, since };
  }

  /** After an outage without a known seq the server cannot replay what was missed: every live type must be refetched. */
  private resyncIfUnresumable(): void {
    if (this.cursor === undefined) {
      [...this.refCounts.keys()].forEach((entityType) => this.resyncSubject.next(entityType));
    }
  }

  private receive(raw: unknown, link: Link): void {
    if (link === this.primary) {
      this.armHeartbeat();
    }
    for (const frame of this.readFrames(raw)) {
      this.dispatch(frame, link);
    }
  }

  /** Decodes, maps and validates one raw frame; every failure is reported and yields no frame. */
  private readFrames(raw: unknown): ServerFrame[] {
    let values: readonly unknown[];
    try {
      values = this.map(decodeFrame(raw));
    } catch (error) {
      this.report(error);
      return [];
    }
    return values.flatMap((value) => {
      try {
        return [parseServerFrame(value)];
      } catch (error) {
        this.report(error);
        return [];
      }
    });
  }

  /** Without `mapMessage` a frame stands for itself; with it, for the objects it returns (`null`s dropped). */
  private map(frame: unknown): readonly unknown[] {
    const { mapMessage } = this.options;
    if (!mapMessage) {
      return [frame];
    }
    let mapped: unknown;
    try {
      mapped = mapMessage(frame);
    } catch (cause) {
      throw invalidMapping(`threw (${cause instanceof Error ? cause.message : String(cause)})`, cause);
    }
    const values = (Array.isArray(mapped) ? mapped : [mapped]).filter((value) => value !== null && value !== undefined);
    const notAnObject = values.find((value) => typeof value !== 'object' || Array.isArray(value));
    if (notAnObject !== undefined) {
      throw invalidMapping(`returned ${Array.isArray(notAnObject) ? 'a nested array' : typeof notAnObject} instead of frame objects`);
    }
    return values;
  }

  private dispatch(frame: ServerFrame, link: Link): void {
    if (frame.seq !== undefined && frame.type !== 'RESYNC_REQUIRED') {
      this.cursor = Math.max(this.cursor ?? frame.seq, frame.seq);
    }
    switch (frame.type) {
      case 'PING':
        if (link.transport.duplex) {
          link.transport.send(frame.seq === undefined ? { type: 'PONG' } : { type: 'PONG', seq: frame.seq });
        }
        return;
      case 'RESYNC_REQUIRED': {
        const { entityType } = frame.data;
        // The server's word on where the stream stands now, even if lower (a restarted server).
        if (frame.seq === undefined || !this.refCounts.has(entityType)) {
          this.seqByType.delete(entityType);
        } else {
          this.seqByType.set(entityType, frame.seq);
        }
        if (frame.seq !== undefined) {
          this.cursor = frame.seq;
        }
        this.resyncSubject.next(entityType);
        return;
      }
      default: {
        const { entityType } = frame.data;
        if (frame.seq !== undefined) {
          const known = this.seqByType.get(entityType);
          if (known !== undefined && frame.seq <= known) {
            return; // Already delivered: a replay overlap or the fallback catching up.
          }
          if (this.refCounts.has(entityType)) {
            this.seqByType.set(entityType, frame.seq);
          }
        }
        this.eventsSubject.next(frame);
      }
    }
  }

  /** Only CacheHubErrors reach here: the parsers, the mapper wrapper and the transports throw nothing else. */
  private report(error: unknown): void {
    this.errorsSubject.next(error as CacheHubError);
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.statusSubject.value !== status) {
      this.statusSubject.next(status);
    }
  }
}

function invalidMapping(what: string, cause?: unknown): CacheHubError {
  return new CacheHubError(
    206 satisfies CacheHubErrorCode.InvalidMessageMapping,
    `mapMessage ${what}, so the message was dropped. Return a frame, an array of frames, or null for messages to ignore.`,
    cause === undefined ? undefined : { cause },
  );
}
