import { Subscription } from 'rxjs';
import { type CacheHub } from '../hub/cache-hub';
import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { type EntityEvent } from '../entity/entity-event';
import { type EntityStore } from '../entity/entity-store';
import { type RefetchScheduler } from '../freshness/refetch-scheduler';
import { streamPositionOf, type StreamPosition } from '../hub/stream-position';
import { namespaceOf } from '../hub/cache-key';
import { RealtimeClient, type SubscriptionAck } from './realtime-client';
import type { RealtimeClientOptions } from './realtime-client-options';
import { TypeCoverage } from './type-coverage';

declare const ngDevMode: boolean | undefined;

/** Where received entity events go: straight into the store, or through the batcher. */
export interface EntityEventSink {
  push(event: EntityEvent): void;
  /** Applies whatever is buffered now. */
  flush(): void;
}

/** Options of {@link LiveSync}. */
export interface LiveSyncOptions {
  /** Whether a namespace is an entity type to follow. Default: every namespace. */
  readonly isEntityType?: (namespace: string) => boolean;
  /** How long a type stays followed after its last observed entry left (ms). Default `10000`. */
  readonly lingerMs?: number;
  /** Where events go. Default: `entities.apply` at once. */
  readonly sink?: EntityEventSink;
  /** Told which types are live, so that polling pauses for them. Default: none. */
  readonly freshness?: RefetchScheduler;
  /** Receives events the store refused, as typed errors. Default: dropped. */
  readonly report?: (error: CacheHubError) => void;
}

interface FollowedType {
  subscription: Subscription;
  linger?: ReturnType<typeof setTimeout>;
}

/**
 * The rules that keep cached entities equal to the server: follows an entity type while one of
 * its entries is observed (and `lingerMs` after), resumes it `since` the oldest position its
 * cached entries are current to, and when the server acknowledges the subscription refetches
 * what the live stream cannot bring up to date (entries fetched without a position from before
 * the subscription, entries in error, everything of the type after a resync). Framework-free;
 * `RealtimeCacheService` wires it into Angular.
 *
 * @example
 * const sync = LiveSync.connect(hub, entities, { transport: webSocketTransport({ url }) }, { sink: new UpdateBatcher(hub, entities) });
 */
export class LiveSync {
  readonly #followed = new Map<string, FollowedType>();
  readonly #coverage: TypeCoverage;
  readonly #subscriptions = new Subscription();
  readonly #detach: () => void;
  readonly #lingerMs: number;
  readonly #sink: EntityEventSink;
  readonly #hub: CacheHub;
  readonly #entities: EntityStore;
  readonly #options: LiveSyncOptions;

  /**
   * A client made from `clientOptions` and the rules over it, wired both ways: each type's
   * `SUBSCRIBE` resumes from where its cached entries are current (`resumeFrom`). Use this unless
   * you build the client yourself; then pass `resumeFrom: (type) => sync.resumeFrom(type)` to it.
   */
  static connect(hub: CacheHub, entities: EntityStore, clientOptions: RealtimeClientOptions, options?: LiveSyncOptions): LiveSync {
    let sync: LiveSync | undefined;
    const client = new RealtimeClient({ ...clientOptions, resumeFrom: (type) => sync?.resumeFrom(type) });
    return (sync = new LiveSync(hub, entities, client, options));
  }

  constructor(
    hub: CacheHub,
    entities: EntityStore,
    /** The connection these rules follow types on. */
    readonly client: RealtimeClient,
    options: LiveSyncOptions = {},
  ) {
    this.#hub = hub;
    this.#entities = entities;
    this.#options = options;
    const sink = options.sink;
    if (sink !== undefined && (typeof sink?.push !== 'function' || typeof sink.flush !== 'function')) {
      throw new CacheHubError(
        104 satisfies CacheHubErrorCode.InvalidOption,
        (typeof ngDevMode === 'undefined' || ngDevMode) && 'LiveSync: the sink must have push(event) and flush(). Pass an UpdateBatcher, or leave it out to apply events at once',
      );
    }
    this.#lingerMs = options.lingerMs ?? 10_000;
    this.#sink = options.sink ?? { push: (event) => entities.apply(event), flush: () => undefined };
    const coverage = (this.#coverage = new TypeCoverage(hub, (type) => client.isLive(type)));
    this.#detach = hub.registerPlugin({
      observedChanged: (key, observed) => this.#observedChanged(key, observed),
      beforeWrite: (value, { key, fetchStartedAt }) => {
        if (fetchStartedAt !== undefined) coverage.fetched(key, streamPositionOf(value), fetchStartedAt);
        return value;
      },
      afterRemove: (key) => coverage.forget(key),
    });
    this.#subscriptions.add(client.acks$.subscribe((ack) => this.#acknowledged(ack)));
    this.#subscriptions.add(entities.errors$.subscribe((error) => options.report?.(error)));
    this.#subscriptions.add(
      client.status$.subscribe((status) => {
        if (status === 'connected') return;
        for (const type of this.#followed.keys()) this.#notLive(type);
      }),
    );
  }

  /** Where `type` resumes: the oldest position its cached entries are current to, else the client's cursor. */
  resumeFrom(type: string): StreamPosition | undefined {
    return this.#coverage.resumeFrom(type, this.client.positionOf(type));
  }

  /** Entity types followed now (observed, or lingering). */
  get followedTypes(): string[] {
    return [...this.#followed.keys()];
  }

  /** Unfollows everything and stops listening, leaving no timer or subscription behind. */
  destroy(): void {
    this.#coverage.destroy();
    this.#detach();
    this.#subscriptions.unsubscribe();
    for (const type of [...this.#followed.keys()]) this.#unfollow(type);
  }

  #observedChanged(key: string, observed: boolean): void {
    const type = namespaceOf(key);
    if (type === undefined || !(this.#options.isEntityType?.(type) ?? true)) return;
    const count = this.#coverage.observe(type, key, observed);
    const followed = this.#followed.get(type);
    if (observed && count === 1) {
      clearTimeout(followed?.linger);
      if (followed) followed.linger = undefined;
      // A stream the client ended (close()) is followed again at the next observer.
      else this.#followed.set(type, { subscription: this.client.subscribe(type).subscribe({ next: (event) => this.#push(event), complete: () => this.#unfollow(type) }) });
    } else if (!observed && count === 0 && followed && followed.linger === undefined) {
      followed.linger = setTimeout(() => this.#unfollow(type), this.#lingerMs);
    }
  }

  #unfollow(type: string): void {
    const followed = this.#followed.get(type);
    if (!followed) return;
    clearTimeout(followed.linger);
    this.#notLive(type);
    this.#followed.delete(type);
    followed.subscription.unsubscribe();
  }

  /** The type's live stream stopped: its entries are current to the cursor, and resume from there. */
  #notLive(type: string): void {
    this.#coverage.stopped(type, this.client.positionOf(type));
    this.#options.freshness?.setLive(type, false);
  }

  #acknowledged({ entityType: type, position, resync }: SubscriptionAck): void {
    if (!this.#followed.has(type)) return;
    this.#sink.flush();
    // A new history: versions known from the old one mean nothing now.
    const previous = this.#coverage.epochOf(type);
    if (resync && position && previous !== undefined && previous !== position.epoch) this.#entities.forgetType(type);
    const stale = this.#coverage.started(type, position, resync);
    this.#options.freshness?.setLive(type, true);
    if (stale.size > 0) this.#hub.invalidate((key) => stale.has(key));
  }

  #push(event: EntityEvent): void {
    try {
      this.#sink.push(event);
    } catch (error) {
      this.#options.report?.(
        error instanceof CacheHubError
          ? error
          : new CacheHubError(201 satisfies CacheHubErrorCode.InvalidEntity, (typeof ngDevMode === 'undefined' || ngDevMode) && 'An entity event could not be applied', {
              cause: error,
            }),
      );
    }
  }
}
