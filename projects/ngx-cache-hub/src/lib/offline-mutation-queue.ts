import { InjectionToken } from '@angular/core';
import type { Observable } from 'rxjs';
import type { OptimisticChange } from 'ngx-cache-hub/core';

/** What an offline handler gets besides its payload (a subset of `OfflineActionContext`). */
export interface OfflineMutationContext {
  /** Identical on every attempt of one action: send it as the `Idempotency-Key` header. */
  readonly idempotencyKey: string;
}

/**
 * The part of `OfflineSyncService` that `cacheMutation({ offline })` uses. Internal: provided by
 * `withOfflineSync()` from ngx-cache-hub/offline, so ngx-cache-hub never imports that entry point.
 */
export interface OfflineMutationQueue {
  register(
    type: string,
    handler: {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers of any payload type (parameter contravariance)
      execute(payload: any, context: OfflineMutationContext): Observable<unknown> | Promise<unknown>;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers of any payload type (parameter contravariance)
      optimistic?(payload: any): OptimisticChange;
    },
  ): void;
  enqueue(input: { readonly type: string; readonly payload: unknown }): Promise<unknown>;
}

/** Internal: the offline queue, when `withOfflineSync()` is provided. */
export const OFFLINE_MUTATION_QUEUE = new InjectionToken<OfflineMutationQueue>(typeof ngDevMode === 'undefined' || ngDevMode ? 'OFFLINE_MUTATION_QUEUE' : '');
