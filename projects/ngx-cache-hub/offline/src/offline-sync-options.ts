import { InjectionToken } from '@angular/core';
import type { Observable } from 'rxjs';
import type { OptimisticChange } from 'ngx-cache-hub';
import type { OfflineActionContext, OfflineEntityCreation } from 'ngx-cache-hub/core';
import type { OfflineQueueOptions } from 'ngx-cache-hub/core';

/** An offline action handler whose `execute` may return an Observable (HttpClient) or a Promise. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` defaults: typed handlers must fit the untyped handler map (parameter contravariance)
export interface OfflineSyncHandler<P = any, R = any> {
  /** Sends the action; use `context.idempotencyKey` as the `Idempotency-Key` header. */
  execute(payload: P, context: OfflineActionContext): Observable<R> | Promise<R>;
  /** The change to show until the server answers; applied again after a reload. */
  optimistic?(payload: P): OptimisticChange;
  /** Set when the action creates an entity under a temporary id. */
  readonly createsEntity?: OfflineEntityCreation<P, R>;
}

/** Options of `withOfflineSync()`; the rest of `OfflineQueueOptions` keeps its defaults unless given. */
export interface OfflineSyncOptions extends Partial<
  Pick<OfflineQueueOptions, 'storage' | 'coordinator' | 'backoff' | 'classifyError' | 'maxAttempts' | 'attemptTimeoutMs' | 'scopeChanges$'>
> {
  /** Handlers by action type; services can add more with `OfflineSyncService.register()`. */
  handlers?: Readonly<Record<string, OfflineSyncHandler>>;
  /** The signed-in user; a queue is only ever replayed under its own user. Default: one shared scope, `'default'`. */
  scope?: () => string | null;
  /**
   * Asks the browser to confirm leaving the page while queued changes live only in memory
   * (storage refused them, see `unsaved`), since leaving would lose them. Default `true`.
   */
  warnBeforeUnload?: boolean;
}

/** The options given to `withOfflineSync()`. */
export const OFFLINE_SYNC_OPTIONS = new InjectionToken<OfflineSyncOptions>(typeof ngDevMode === 'undefined' || ngDevMode ? 'OFFLINE_SYNC_OPTIONS' : '');
