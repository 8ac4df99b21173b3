import { DestroyRef, DOCUMENT, inject, Injectable, isDevMode, PLATFORM_ID, Signal } from '@angular/core';
import { isPlatformBrowser } from '@angular/common';
import { toSignal } from '@angular/core/rxjs-interop';
import { combineLatest, distinctUntilChanged, from, map, Observable, of } from 'rxjs';
import {
  type CacheHubError,
  ɵCacheHubRoot as CacheHubRoot,
  ɵbrowserOnline$ as browserOnline$,
  ɵREALTIME_CONNECTION as REALTIME_CONNECTION,
  ɵmissingProvider as missingProvider,
} from 'ngx-cache-hub';
import type { OfflineAction } from 'ngx-cache-hub/core';
import type { OfflineActionHandler } from 'ngx-cache-hub/core';
import { MemoryQueueStorage } from 'ngx-cache-hub/core';
import { OfflineQueue } from 'ngx-cache-hub/core';
import type { EnqueuedAction, EnqueueInput } from 'ngx-cache-hub/core';
import { OFFLINE_SYNC_OPTIONS, OfflineSyncHandler } from './offline-sync-options';

/**
 * Queues actions while offline, keeps them in storage (IndexedDB by default), shows their
 * optimistic changes, and replays them in order, exactly once, when the app is online again:
 * the browser is online and, with `withRealtime()`, the real-time connection is up. Provided by
 * `withOfflineSync()`.
 *
 * @example
 * inject(OfflineSyncService).register('product.rename', {
 *   execute: (p, { idempotencyKey }) => http.patch(`/api/products/${p.id}`, p, { headers: { 'Idempotency-Key': idempotencyKey } }),
 *   optimistic: (p) => [{ key: `products:detail-${p.id}`, update: (v: any) => ({ ...v, name: p.name }) }],
 * });
 */
@Injectable({ providedIn: 'root', useFactory: missingProvider('OfflineSyncService', 'withOfflineSync()') })
export class OfflineSyncService {
  readonly #hub = inject(CacheHubRoot);
  /** The framework-free queue behind this service; the service destroys it. */
  readonly queue: Omit<OfflineQueue, 'destroy'>;
  /** Actions waiting or being sent, in order. */
  readonly pending$: Observable<readonly OfflineAction[]>;
  /** Actions that failed for good; retry or discard them. */
  readonly failed$: Observable<readonly OfflineAction[]>;
  /** Whether an action is being sent. */
  readonly syncing$: Observable<boolean>;
  /** When the last action synced (ms since epoch), or null. */
  readonly lastSyncedAt$: Observable<number | null>;
  /** How many queued changes live only in memory because storage refused them; a reload would lose them. */
  readonly unsaved$: Observable<number>;
  /** Storage problems and quarantined data, as typed errors. */
  readonly errors$: Observable<CacheHubError>;
  /** `pending$` as a signal. */
  readonly pending: Signal<readonly OfflineAction[]>;
  /** `failed$` as a signal. */
  readonly failed: Signal<readonly OfflineAction[]>;
  /** `syncing$` as a signal. */
  readonly syncing: Signal<boolean>;
  /** `lastSyncedAt$` as a signal. */
  readonly lastSyncedAt: Signal<number | null>;
  /** `unsaved$` as a signal: show it, e.g. "2 changes not saved on this device". */
  readonly unsaved: Signal<number>;

  constructor() {
    const options = inject(OFFLINE_SYNC_OPTIONS);
    const destroyRef = inject(DestroyRef);
    const browser = isPlatformBrowser(inject(PLATFORM_ID));
    const realtime = inject(REALTIME_CONNECTION, { optional: true });
    realtime?.keepOpen();
    const online$ = !browser
      ? of(false)
      : realtime
        ? combineLatest([browserOnline$(), realtime.status$]).pipe(map(([online, status]) => online && status === 'connected'))
        : browserOnline$();
    const queue = (this.queue = new OfflineQueue({
      ...options,
      storage: options.storage ?? (browser ? undefined : new MemoryQueueStorage()),
      handlers: Object.fromEntries(Object.entries(options.handlers ?? {}).map(([type, handler]) => [type, toQueueHandler(handler)])),
      scope: options.scope ?? (() => 'default'),
      online$,
      bridge: {
        optimistic: (change) => this.#hub.optimistic(change),
        remapEntityId: (type, tempId, serverId) => this.#hub.entities.remapId(type, tempId, serverId),
      },
    }));
    this.pending$ = this.queue.pending$;
    this.failed$ = this.queue.failed$;
    this.syncing$ = this.queue.syncing$;
    this.lastSyncedAt$ = this.queue.lastSyncedAt$;
    this.errors$ = this.queue.errors$;
    this.pending = toSignal(this.pending$, { initialValue: [] });
    this.failed = toSignal(this.failed$, { initialValue: [] });
    this.syncing = toSignal(this.syncing$, { initialValue: false });
    this.lastSyncedAt = toSignal(this.lastSyncedAt$, { initialValue: null });
    this.unsaved$ = this.queue.unsaved$;
    this.unsaved = toSignal(this.unsaved$, { initialValue: 0 });
    const page = inject(DOCUMENT).defaultView;
    if (browser && page && options.warnBeforeUnload !== false) {
      const warn = (event: BeforeUnloadEvent) => {
        event.preventDefault();
        event.returnValue = ''; // older browsers ask only when this is set
      };
      // Listening only while something would be lost keeps the page eligible for the back/forward cache.
      const listening = this.unsaved$
        .pipe(
          map((unsaved) => unsaved > 0),
          distinctUntilChanged(),
        )
        .subscribe((unsaved) => {
          if (unsaved) page.addEventListener('beforeunload', warn);
          else page.removeEventListener('beforeunload', warn);
        });
      destroyRef.onDestroy(() => {
        listening.unsubscribe();
        page.removeEventListener('beforeunload', warn);
      });
    }
    if (isDevMode()) this.errors$.subscribe((error) => console.warn(error.message));
    destroyRef.onDestroy(() => queue.destroy());
  }

  /** Registers (or replaces) the handler of an action type. */
  register<P, R = unknown>(type: string, handler: OfflineSyncHandler<P, R>): void {
    this.queue.register(type, toQueueHandler(handler));
  }

  /**
   * Stores the action under the signed-in user, then shows its optimistic change; it replays when
   * online. `durable` in the result is `false` when storage refused it (warn about that action).
   * Throws for an unknown type.
   */
  enqueue<P>(input: EnqueueInput<P>): Promise<EnqueuedAction<P>> {
    return this.queue.enqueue(input);
  }

  /** Puts a failed action back in the queue at its place. */
  retry(id: string): Promise<boolean> {
    return this.queue.retry(id);
  }

  /** Drops a failed action for good (its optimistic change is already rolled back). */
  discard(id: string): Promise<boolean> {
    return this.queue.discard(id);
  }

  /** Stops replaying until `resume()`. */
  pause(): void {
    this.queue.pause();
  }

  /** Resumes replaying at once. */
  resume(): void {
    this.queue.resume();
  }

  /** Removes a user's stored queue and, as the cache is shared by the tab, every cached entry. */
  async clearUser(scope: string): Promise<void> {
    await this.queue.clearScope(scope);
    this.#hub.clear();
  }
}

function toQueueHandler<P, R>(handler: OfflineSyncHandler<P, R>): OfflineActionHandler<P, R> {
  return { ...handler, execute: (payload, context) => lastValue(handler.execute(payload, context)) };
}

function lastValue<R>(result: Observable<R> | Promise<R>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let last: R | undefined;
    from(result).subscribe({ next: (value) => (last = value), error: reject, complete: () => resolve(last as R) });
  });
}
