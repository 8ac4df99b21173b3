import { defer, switchMap, type Subscription } from 'rxjs';
import type { CacheHubError } from '../hub/cache-hub-error';
import type { RealtimeTransport } from './realtime-transport';
import { toTransportError } from './to-transport-error';

/** What a link tells its owner. */
export interface LinkEvents {
  /** The connection is open; subscriptions may be sent. */
  opened(link: ConnectionLink): void;
  /** Raw input arrived (a frame, a heartbeat comment). */
  received(link: ConnectionLink, raw: unknown): void;
  /** The connection ended (error: it failed). Not called after `drop()`. */
  ended(link: ConnectionLink, error?: CacheHubError): void;
}

/**
 * One connection opened through a transport: resolves a token, connects with the entity types
 * and resume position of that moment, and routes what arrives. Tracks which types the server
 * acknowledged on it and the last SSE id it carried.
 */
export class ConnectionLink {
  #subscription: Subscription | undefined;
  /** Whether the connection is open. */
  open = false;
  /** The entity types the transport was given (one-way transports), once the token resolved. */
  entityTypes: readonly string[] | undefined;
  /** Types whose subscription the server acknowledged on this connection. */
  readonly acked = new Set<string>();
  /** Acknowledged types whose live stream start the server told (heartbeat heads may move their cursors). */
  readonly positioned = new Set<string>();
  /** Types subscribed on this connection and not yet acknowledged, with their ack timers. */
  readonly pending = new Map<string, ReturnType<typeof setTimeout> | undefined>();

  constructor(
    readonly transport: RealtimeTransport,
    /** Names the connection in error messages (dev builds only). */
    readonly what: string | boolean,
  ) {}

  /** Opens the connection; `session` is read once the token resolved. */
  connect(token: (() => string | Promise<string>) | undefined, session: () => { entityTypes: readonly string[]; lastEventId?: string }, events: LinkEvents): void {
    const opened = () => {
      if (this.open || this.#subscription?.closed) return;
      this.open = true;
      events.opened(this);
    };
    this.#subscription = defer(() => Promise.resolve(token?.()))
      .pipe(
        switchMap((resolved) => {
          const { entityTypes, lastEventId } = session();
          this.entityTypes = entityTypes;
          return this.transport.connect({ entityTypes, lastEventId, token: resolved, opened });
        }),
      )
      .subscribe({
        next: (raw) => events.received(this, raw),
        error: (error: unknown) => events.ended(this, toTransportError(error, this.what)),
        complete: () => events.ended(this),
      });
  }

  /** Waits for the server to acknowledge `type`; `onTimeout` runs when it does not within `timeoutMs` (at once for 0). */
  awaitAck(type: string, timeoutMs: number, onTimeout: () => void): void {
    this.forget(type);
    if (timeoutMs <= 0) return onTimeout();
    this.pending.set(type, setTimeout(onTimeout, timeoutMs));
  }

  /** The server acknowledged `type` (`live`: on the connection that counts for liveness). */
  acknowledged(type: string, live: boolean, positioned = false): void {
    clearTimeout(this.pending.get(type));
    this.pending.delete(type);
    if (live) this.acked.add(type);
    if (live && positioned) this.positioned.add(type);
  }

  /** Forgets a type that is no longer subscribed. */
  forget(type: string): void {
    clearTimeout(this.pending.get(type));
    this.pending.delete(type);
    this.acked.delete(type);
    this.positioned.delete(type);
  }

  /** Closes the connection and its ack timers; nothing more is reported. */
  drop(): void {
    this.open = false;
    this.#subscription?.unsubscribe();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.acked.clear();
    this.positioned.clear();
  }
}
