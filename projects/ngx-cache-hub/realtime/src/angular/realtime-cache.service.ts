import { isPlatformBrowser } from '@angular/common';
import { DestroyRef, DOCUMENT, inject, Injectable, PLATFORM_ID, Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { merge, Observable, Subject, Subscription } from 'rxjs';
import { CACHE_HUB_ENTITIES, CacheHubError, type CacheHubErrorCode, CacheHubService, type EntityEvent, ɵbrowserOnline$ as browserOnline$ } from 'ngx-cache-hub';
import { ObservedNamespaces } from '../realtime/observed-namespaces';
import { pollingTransport } from '../realtime/polling-transport';
import type { ConnectionStatus } from '../realtime/protocol';
import { RealtimeClient } from '../realtime/realtime-client';
import { webSocketTransport } from '../realtime/websocket-transport';
import { ENTITY_EVENT_SINK } from './entity-event-sink';
import { REALTIME_OPTIONS, RealtimeOptions } from './realtime-options';

/**
 * Keeps the hub live: follows every entity type something on screen observes (SUBSCRIBE when the
 * first entry of a type is observed, UNSUBSCRIBE after the last), applies the server's versioned
 * events to every cached detail and list, invalidates types the server cannot replay after a
 * reconnect, and pauses polling of types whose channel is connected. Provided by `withRealtime()`.
 *
 * @example
 * readonly status = inject(RealtimeCacheService).connectionStatus; // 'connecting' | 'connected' | 'disconnected' | 'offline'
 */
@Injectable()
export class RealtimeCacheService {
  private readonly hub = inject(CacheHubService);
  private readonly options = inject(REALTIME_OPTIONS);
  private readonly sink = inject(ENTITY_EVENT_SINK, { optional: true }) ?? { push: (e: EntityEvent) => this.hub.entities.apply(e), flush: () => undefined };
  private readonly applyErrors = new Subject<CacheHubError>();
  private readonly followed = new Map<string, Subscription>();
  private readonly types: ReadonlySet<string>;

  /** The connection manager behind this service. */
  readonly client: RealtimeClient;
  /** The connection's state, distinct values. */
  readonly connectionStatus$: Observable<ConnectionStatus>;
  /** The connection's state as a signal. */
  readonly connectionStatus: Signal<ConnectionStatus>;
  /** Every entity event received, in arrival order (before batching). */
  readonly events$: Observable<EntityEvent>;
  /** Frames that were dropped (malformed, unknown, hostile) and events the cache refused, as typed errors. */
  readonly errors$: Observable<CacheHubError>;

  constructor() {
    const document = inject(DOCUMENT);
    this.types = new Set(this.options.types ?? inject(CACHE_HUB_ENTITIES).map((entity) => entity.type));
    this.client = new RealtimeClient({
      transport: this.options.transport ?? webSocketTransport({ ...this.options.socket, url: toSocketUrl(this.options.url ?? '/ws', document) }),
      fallback: this.options.pollUrl ? pollingTransport({ url: this.options.pollUrl, intervalMs: this.options.pollIntervalMs }) : undefined,
      tokenProvider: this.options.tokenProvider,
      mapMessage: this.options.mapMessage,
      heartbeatTimeoutMs: this.options.heartbeatTimeoutMs,
      reconnect: this.options.reconnect,
      online$: browserOnline$(),
    });
    this.connectionStatus$ = this.client.status$;
    this.connectionStatus = toSignal(this.client.status$, { requireSync: true });
    this.events$ = this.client.events$;
    this.errors$ = merge(this.client.errors$, this.applyErrors);

    const subscriptions = new Subscription();
    subscriptions.add(this.client.events$.subscribe((event) => this.apply(event)));
    subscriptions.add(this.client.resync$.subscribe((type) => this.hub.entities.invalidateType(type)));
    subscriptions.add(this.client.status$.subscribe((status) => this.followed.forEach((_, type) => this.hub.freshness.setLive(type, status === 'connected'))));
    // On the server the cache renders a snapshot: no connection is opened.
    const observed = isPlatformBrowser(inject(PLATFORM_ID))
      ? new ObservedNamespaces(
          this.hub,
          (type) => this.follow(type),
          (type) => this.unfollow(type),
        )
      : undefined;
    inject(DestroyRef).onDestroy(() => {
      observed?.destroy();
      subscriptions.unsubscribe();
      this.followed.forEach((subscription) => subscription.unsubscribe());
      this.client.close();
    });
  }

  /** One entity type's events, ref-counted: the type stays subscribed while anyone listens. */
  subscribeToEntity(type: string): Observable<EntityEvent> {
    return this.client.subscribe(type);
  }

  /** Applies buffered events now (with batching; a no-op without). */
  flush(): void {
    this.sink.flush();
  }

  private apply(event: EntityEvent): void {
    try {
      this.sink.push(event);
    } catch (error) {
      this.applyErrors.next(
        error instanceof CacheHubError ? error : new CacheHubError(201 satisfies CacheHubErrorCode.InvalidEntity, 'An entity event could not be applied', { cause: error }),
      );
    }
  }

  private follow(type: string): void {
    if (!this.types.has(type) || this.followed.has(type)) return;
    this.followed.set(type, this.client.subscribe(type).subscribe());
    this.hub.freshness.setLive(type, this.client.status === 'connected');
  }

  private unfollow(type: string): void {
    this.followed.get(type)?.unsubscribe();
    this.followed.delete(type);
    this.hub.freshness.setLive(type, false);
  }
}

function toSocketUrl(url: string, document: Document): string {
  const base = document.location?.href ?? 'http://localhost/';
  const resolved = new URL(url, base);
  if (resolved.protocol === 'http:') resolved.protocol = 'ws:';
  if (resolved.protocol === 'https:') resolved.protocol = 'wss:';
  return resolved.toString();
}
