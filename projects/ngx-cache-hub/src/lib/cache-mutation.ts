import { assertInInjectionContext, computed, inject, Injector, Signal, signal } from '@angular/core';
import { combineLatest, first, from, map, Observable } from 'rxjs';
import type { CacheEntryState, KeyPattern, OptimisticChange, OptimisticHandle } from 'ngx-cache-hub/core';
import { CacheHubError, type CacheHubErrorCode } from 'ngx-cache-hub/core';
import { CacheHubService } from './cache-hub.service';
import { OFFLINE_MUTATION_QUEUE, OfflineMutationContext } from './offline-mutation-queue';

/** Where a mutation is: not run yet (or `reset()`), in flight, done, or failed. */
export type CacheMutationStatus = 'idle' | 'pending' | 'success' | 'error';

/** The cache a mutation writes to: the app's `CacheHubService` or a namespace view. */
export interface MutationCache {
  invalidate(pattern: KeyPattern): number;
  update<T>(key: string, fn: (current: T | undefined) => T): T;
  optimistic(change: OptimisticChange): OptimisticHandle;
  watchState<T>(key: string): Observable<CacheEntryState<T>>;
}

/** Options of `cacheMutation`; keys and patterns are relative to `cache` when it is a namespace view. */
export interface CacheMutationOptions<V, R> {
  /** Sends the change: an Observable (its last value is the result; HttpClient) or a Promise. */
  mutationFn: (variables: V, context: OfflineMutationContext) => Observable<R> | Promise<R>;
  /**
   * The change to show while the call is pending: a layer over server state, rolled back if the call
   * fails (real-time updates that arrived meanwhile stay). On success its keys are invalidated with
   * `invalidate`, and the layer is removed once their refetches have landed, so an observed entry
   * goes from the optimistic value straight to the server's. Default: none.
   */
  optimistic?: (variables: V) => OptimisticChange;
  /** Keys or patterns made stale by the change, invalidated (and refetched when observed) on success. Default: none. */
  invalidate?: readonly KeyPattern[] | ((result: R, variables: V) => readonly KeyPattern[]);
  /** Where keys live: a namespace view (`injectNamespace('orders')`). Default: `CacheHubService` (absolute keys). */
  cache?: MutationCache;
  /**
   * Send through the offline queue (needs `withOfflineSync()` from ngx-cache-hub/offline) as actions
   * of this type: `mutate()` stores the call and shows `optimistic` at once, and the queue replays
   * `mutationFn` when online, exactly once. Variables must be plain JSON. Default: sent at once.
   */
  offline?: { readonly type: string };
  /** Called after a successful call (and its invalidation). */
  onSuccess?: (result: R, variables: V) => void;
  /** Called after a failed call (its layer already rolled back). */
  onError?: (error: unknown, variables: V) => void;
  /** Injector to read the cache and the offline queue from; required outside an injection context. */
  injector?: Injector;
}

/** A mutation's signals and its triggers. State follows the latest call. */
export interface CacheMutation<V, R> {
  readonly status: Signal<CacheMutationStatus>;
  /** The latest call's error, or undefined. */
  readonly error: Signal<unknown>;
  readonly isPending: Signal<boolean>;
  /** The latest successful call's result (undefined for a queued offline call). */
  readonly value: Signal<R | undefined>;
  /** Runs the mutation; never rejects (failures land in `error`), so it can be bound to `(click)`. */
  mutate(variables: V): void;
  /** Runs the mutation; resolves with the result (offline: once queued) or rejects with the error. */
  mutateAsync(variables: V): Promise<R>;
  /** Back to `idle`, forgetting the error and value. */
  reset(): void;
}

/**
 * A write to the server with its cache effects done for you: optimistic layer, rollback,
 * invalidation and signal state; `offline` routes it through the offline queue. Call in an
 * injection context or pass `injector`.
 *
 * @example
 * readonly rename = cacheMutation({
 *   cache: injectNamespace('customers'),
 *   mutationFn: ({ id, name }: { id: string; name: string }) => this.http.patch<Customer>(`/api/customers/${id}`, { name }),
 *   optimistic: ({ id, name }) => [{ key: `detail-${id}`, update: (c?: Customer) => c && { ...c, name } }],
 *   invalidate: [/^list-/],
 * });
 */
export function cacheMutation<V, R>(options: CacheMutationOptions<V, R> & { offline: { readonly type: string } }): CacheMutation<V, undefined>;
export function cacheMutation<V, R>(options: CacheMutationOptions<V, R>): CacheMutation<V, R>;
export function cacheMutation<V, R>(options: CacheMutationOptions<V, R>): CacheMutation<V, R | undefined> {
  if (!options.injector) assertInInjectionContext(cacheMutation);
  const injector = options.injector ?? inject(Injector);
  const cache = options.cache ?? injector.get(CacheHubService);
  const status = signal<CacheMutationStatus>('idle');
  const error = signal<unknown>(undefined);
  const value = signal<R | undefined>(undefined);
  let latest = 0;

  const invalidate = (result: R, variables: V) => {
    const patterns = typeof options.invalidate === 'function' ? options.invalidate(result, variables) : (options.invalidate ?? []);
    patterns.forEach((pattern) => cache.invalidate(pattern));
  };
  let send = (variables: V): Promise<R | undefined> => {
    const change = options.optimistic?.(variables) ?? [];
    const layer = change.length ? cache.optimistic(change) : undefined;
    return lastValue(() => options.mutationFn(variables, { idempotencyKey: idempotencyKey() })).then(
      (result) => {
        invalidate(result, variables);
        // The layer's keys are what the call changed: refetched (when observed) before the layer
        // goes, so the screen moves from the optimistic value to the server's, never back.
        if (layer) {
          change.forEach(({ key }) => cache.invalidate(key));
          keepWhereNoRefetch(cache, change);
          commitWhenSettled(cache, change, layer);
        }
        return result;
      },
      (failure: unknown) => {
        layer?.rollback();
        throw failure;
      },
    );
  };
  if (options.offline) {
    const queue = injector.get(OFFLINE_MUTATION_QUEUE, null);
    if (!queue) {
      throw new CacheHubError(
        400 satisfies CacheHubErrorCode.MissingProvider,
        (typeof ngDevMode === 'undefined' || ngDevMode) &&
          `cacheMutation({ offline }) needs the offline queue. Add withOfflineSync() from 'ngx-cache-hub/offline' to provideCacheHub()`,
      );
    }
    const { type } = options.offline;
    const absolute = (key: string) => ('keyOf' in cache ? (cache as { keyOf(key: string): string }).keyOf(key) : key);
    queue.register(type, {
      execute: (variables: V, context) => lastValue(() => options.mutationFn(variables, context)).then((result) => (invalidate(result, variables), result)),
      optimistic: options.optimistic && ((variables: V) => options.optimistic!(variables).map(({ key, update }) => ({ key: absolute(key), update }))),
    });
    send = (variables) => queue.enqueue({ type, payload: variables }).then(() => undefined);
  }

  const mutateAsync = (variables: V): Promise<R | undefined> => {
    const call = ++latest;
    status.set('pending');
    error.set(undefined);
    let sent: Promise<R | undefined>;
    try {
      sent = send(variables);
    } catch (failure) {
      sent = Promise.reject(failure); // a throwing `optimistic` fails the call like a throwing `mutationFn`
    }
    return sent.then(
      (result) => {
        if (call === latest) {
          value.set(result);
          status.set('success');
        }
        options.onSuccess?.(result as R, variables);
        return result;
      },
      (failure: unknown) => {
        if (call === latest) {
          error.set(failure);
          status.set('error');
        }
        options.onError?.(failure, variables);
        throw failure;
      },
    );
  };
  return {
    status: status.asReadonly(),
    error: error.asReadonly(),
    isPending: computed(() => status() === 'pending'),
    value: value.asReadonly(),
    mutate: (variables) => void mutateAsync(variables).catch(() => undefined),
    mutateAsync,
    reset: () => {
      latest++;
      status.set('idle');
      error.set(undefined);
      value.set(undefined);
    },
  };
}

/**
 * Writes the change into the server state of the keys that hold a value no refetch is bringing
 * (an entry `set()` without a source): once the layer goes they show the accepted change, not the
 * value from before the call. Keys being refetched get the server's value instead.
 */
function keepWhereNoRefetch(cache: MutationCache, change: OptimisticChange): void {
  for (const edit of change) {
    let state: CacheEntryState<unknown> | undefined;
    cache
      .watchState(edit.key)
      .pipe(first())
      .subscribe((now) => (state = now));
    if (state?.value !== undefined && !state.isFetching) cache.update(edit.key, edit.update);
  }
}

/** Commits `layer` once none of its keys is fetching (the refetches the invalidation started have landed). */
function commitWhenSettled(cache: MutationCache, change: OptimisticChange, layer: OptimisticHandle): void {
  combineLatest(change.map(({ key }) => cache.watchState(key).pipe(map((state) => state.isFetching))))
    .pipe(first((fetching) => !fetching.includes(true)))
    .subscribe(() => layer.commit());
}

/** The last value of what `call` returns; a synchronous throw rejects too. */
function lastValue<R>(call: () => Observable<R> | Promise<R>): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    let last: R | undefined;
    from(call()).subscribe({ next: (v) => (last = v), error: reject, complete: () => resolve(last as R) });
  });
}

function idempotencyKey(): string {
  const random = globalThis.crypto?.randomUUID?.();
  return random ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
