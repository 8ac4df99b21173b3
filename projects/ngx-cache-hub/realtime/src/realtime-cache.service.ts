import { isPlatformBrowser } from '@angular/common';
import { DestroyRef, DOCUMENT, inject, Injectable, PLATFORM_ID, Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { EMPTY, fromEvent, merge, Observable, Subject } from 'rxjs';
import {
  CACHE_HUB_ENTITIES,
  CacheHubError,
  ɵCacheHubRoot as CacheHubRoot,
  type EntityEvent,
  ɵbrowserOnline$ as browserOnline$,
  ɵmissingProvider as missingProvider,
} from 'ngx-cache-hub';
import { LiveSync } from 'ngx-cache-hub/core';
import { pollingTransport } from 'ngx-cache-hub/core';
import type { ConnectionStatus } from 'ngx-cache-hub/core';
import { RealtimeClient } from 'ngx-cache-hub/core';
import { webSocketTransport } from 'ngx-cache-hub/core';
import { ENTITY_EVENT_SINK } from './entity-event-sink';
import { REALTIME_OPTIONS } from './realtime-options';

/**
 * Keeps the hub live: follows every entity type something on screen observes (and `lingerMs`
 * after), resumes it from where its cached entries stand, applies the server's versioned events
 * to every cached detail and list, refetches what the stream cannot bring up to date, and pauses
 * polling of types whose channel is live. The rules live in the framework-free `LiveSync`; this
 * service wires it to the page (network, visibility, focus). Provided by `withRealtime()`.
 *
 * @example
 * readonly status = inject(RealtimeCacheService).connectionStatus; // 'connecting' | 'connected' | 'disconnected' | 'offline'
 */
@Injectable({ providedIn: 'root', useFactory: missingProvider('RealtimeCacheService', 'withRealtime()') })
export class RealtimeCacheService {
  readonly #hub = inject(CacheHubRoot);
  readonly #options = inject(REALTIME_OPTIONS);
  readonly #applyErrors = new Subject<CacheHubError>();
  readonly #sink = inject(ENTITY_EVENT_SINK, { optional: true }) ?? undefined;

  /** The connection manager behind this service (its status, positions and streams, `connect()`); the service closes it. */
  readonly client: Omit<RealtimeClient, 'close'>;
  /** The live-sync rules behind this service (undefined on the server); the service tears them down. */
  readonly sync: Omit<LiveSync, 'destroy' | 'client'> | undefined;
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
    const browser = isPlatformBrowser(inject(PLATFORM_ID));
    const window = browser ? document.defaultView : null;
    const types = new Set(this.#options.types ?? inject(CACHE_HUB_ENTITIES).map((entity) => entity.type));
    const client = (this.client = new RealtimeClient({
      transport: this.#options.transport ?? webSocketTransport({ ...this.#options.socket, url: toSocketUrl(this.#options.url ?? '/ws', document) }),
      fallback: this.#options.pollUrl ? pollingTransport({ url: this.#options.pollUrl, intervalMs: this.#options.pollIntervalMs }) : undefined,
      tokenProvider: this.#options.tokenProvider,
      mapMessage: this.#options.mapMessage,
      heartbeatTimeoutMs: this.#options.heartbeatTimeoutMs,
      reconnect: this.#options.reconnect,
      subscribeAckTimeoutMs: this.#options.subscribeAckTimeoutMs,
      online$: browserOnline$(),
      wake$: window ? merge(fromEvent(window, 'online'), fromEvent(window, 'focus'), fromEvent(document, 'visibilitychange')) : EMPTY,
      visible: () => document.visibilityState !== 'hidden',
      resumeFrom: (type) => this.sync?.resumeFrom(type),
    }));
    this.connectionStatus$ = this.client.status$;
    this.connectionStatus = toSignal(this.client.status$, { requireSync: true });
    this.events$ = this.client.events$;
    this.errors$ = merge(this.client.errors$, this.#applyErrors);
    // On the server the cache renders a snapshot: no connection is opened.
    const sync = (this.sync = browser
      ? new LiveSync(this.#hub, this.#hub.entities, client, {
          isEntityType: (type) => types.has(type),
          lingerMs: this.#options.lingerMs,
          sink: this.#sink,
          freshness: this.#hub.freshness,
          report: (error) => this.#applyErrors.next(error),
        })
      : undefined);
    inject(DestroyRef).onDestroy(() => {
      sync?.destroy();
      client.close();
    });
  }

  /** One entity type's events, ref-counted: the type stays subscribed while anyone listens. */
  subscribeToEntity(type: string): Observable<EntityEvent> {
    return this.client.subscribe(type);
  }

  /** Applies buffered events now (with batching; a no-op without). */
  flush(): void {
    this.#sink?.flush();
  }
}

function toSocketUrl(url: string, document: Document): string {
  const base = document.location?.href ?? 'http://localhost/';
  const resolved = new URL(url, base);
  if (resolved.protocol === 'http:') resolved.protocol = 'ws:';
  if (resolved.protocol === 'https:') resolved.protocol = 'wss:';
  return resolved.toString();
}
