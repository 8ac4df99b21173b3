import { assertInInjectionContext, computed, DestroyRef, effect, inject, Injector, Resource, ResourceSnapshot, ResourceStatus, Signal, signal, untracked } from '@angular/core';
import type { Subscription } from 'rxjs';
import type { FetchPolicy, FetchSource, FetchState, StatefulCache } from 'ngx-cache-hub/core';
import { CacheHubError, fetchState, type CacheHubErrorCode } from 'ngx-cache-hub/core';
import { CacheHubService } from './cache-hub.service';
import { toResourceError } from './to-resource-error';

/** What a `cacheResource` loads: one entry, read again whenever the signals its function reads change. */
export interface CacheResourceRequest<T, R = T> extends FetchPolicy<T> {
  /** The entry's key; relative to `cache` when that is a namespace view. A new key loads that entry. */
  readonly key: string;
  /** Where the value comes from when the entry is not fresh (see `CacheHub.fetch`); read with the key. */
  readonly source: FetchSource<T>;
  /** Derives the exposed value; memoised: it runs again only when the cached value changes. Default: the value itself. */
  readonly select?: (value: T) => R;
  /** While a new key loads, keep showing the previous key's value (status stays `loading`). Default `false`. */
  readonly keepPrevious?: boolean;
}

/** The cache a resource reads: the app's `CacheHubService` or a namespace view. */
export interface ResourceCache extends StatefulCache {
  refetch(key: string): void;
}

/** Options of `cacheResource`. */
export interface CacheResourceOptions {
  /** Injector whose lifetime bounds the resource; required outside an injection context. Default: the current one. */
  injector?: Injector;
  /** Where keys live: a namespace view (`injectNamespace('customers')`) makes them relative. Default: `CacheHubService` (absolute keys). */
  cache?: ResourceCache;
}

/**
 * Angular's `Resource<T>` over one cache entry, with the cache's extras. `status` is `idle` while
 * the request function returns `undefined`, then `loading`, `reloading`, `resolved` or `error`
 * (no value and the last request failed; reading `value()` then throws, as Angular's resources do).
 */
export interface CacheResource<T> extends Resource<T> {
  /** The key being shown (absolute or relative as given), or undefined while idle. */
  readonly key: Signal<string | undefined>;
  /** Whether the value is past its staleTime or was invalidated. */
  readonly isStale: Signal<boolean>;
  /** When the value was last written (ms since epoch), or null. */
  readonly updatedAt: Signal<number | null>;
  hasValue(this: T extends undefined ? this : never): this is CacheResource<Exclude<T, undefined>>;
  hasValue(): boolean;
  /** Fetches the current key again now (shares a request in flight); false while idle. */
  reload(): boolean;
}

interface Live<T> {
  readonly key: string;
  readonly state: FetchState<T>;
}

/**
 * A reactive, live cache entry as an Angular `Resource`: `request` is read in a reactive context,
 * so a key built from a route param or a signal input loads the new entry when it changes (the
 * old one is released). The entry is shared with every other reader of the key, deduplicated,
 * kept fresh per its policy and kept live by real-time entity events. Call in an injection
 * context or pass `injector`; `@if (customer.hasValue()) { {{ customer.value().name }} }` narrows.
 *
 * @example
 * readonly id = input.required<string>();
 * readonly customer = cacheResource(() => ({
 *   key: `detail-${this.id()}`,
 *   source: () => this.http.get<Customer>(`/api/customers/${this.id()}`),
 *   staleTime: 30_000,
 * }), { cache: injectNamespace('customers') });
 */
export function cacheResource<T, R = T>(request: () => CacheResourceRequest<T, R> | undefined, options: CacheResourceOptions = {}): CacheResource<R | undefined> {
  if (!options.injector) assertInInjectionContext(cacheResource);
  const injector = options.injector ?? inject(Injector);
  const cache = options.cache ?? injector.get(CacheHubService);
  const current = computed(request, { equal: (a, b) => a?.key === b?.key });
  const live = signal<Live<T> | undefined>(undefined);
  const previous = signal<Live<T> | undefined>(undefined);
  let subscription: Subscription | undefined;

  const connect = (next: CacheResourceRequest<T, R> | undefined) => {
    subscription?.unsubscribe();
    const last = live();
    if (last?.state.hasValue) previous.set(last);
    live.set(undefined);
    if (!next) return;
    const { key, source, select: _select, keepPrevious: _keep, ...policy } = next;
    const failed = (error: unknown) => live.set({ key, state: failedState<T>(error) });
    try {
      subscription = fetchState(cache, key, source, policy).subscribe({ next: (state) => live.set({ key, state }), error: failed });
    } catch (error) {
      failed(error); // an invalid key (NCH101, NCH106) is the resource's error, not an uncaught one
    }
  };
  effect(
    () => {
      const next = current();
      untracked(() => connect(next));
    },
    { injector },
  );
  injector.get(DestroyRef).onDestroy(() => subscription?.unsubscribe());

  const entry = computed(() => {
    const req = current();
    const now = live();
    return req && now?.key === req.key ? now.state : undefined;
  });
  const status = computed<ResourceStatus>(() => (current() ? (entry()?.status ?? 'loading') : 'idle'));
  const project = (raw: Live<T> | undefined) => {
    const select = current()?.select;
    if (!raw?.state.hasValue) return undefined;
    return select ? select(raw.state.value as T) : (raw.state.value as unknown as R);
  };
  const raw = computed(() => entry()?.value);
  const selected = computed(() => (raw() === undefined ? undefined : project(untracked(live))));
  const kept = computed(() => (current()?.keepPrevious ? project(previous()) : undefined));
  const error = computed(() => toResourceError(entry()?.error));
  const value = computed(() => {
    if (status() === 'error') {
      throw new CacheHubError(
        402 satisfies CacheHubErrorCode.ResourceInErrorState,
        (typeof ngDevMode === 'undefined' || ngDevMode) && `cacheResource('${current()?.key}') is in the error state: check hasValue() or read error()`,
        { cause: error() },
      );
    }
    return entry()?.hasValue ? selected() : status() === 'loading' ? kept() : undefined;
  });
  const hasValue = computed(() => status() !== 'error' && value() !== undefined);
  return {
    value,
    status,
    error,
    isLoading: computed(() => status() === 'loading' || status() === 'reloading'),
    snapshot: computed((): ResourceSnapshot<R | undefined> => (status() === 'error' ? { status: 'error', error: error()! } : { status: status() as 'loading', value: value() })),
    key: computed(() => current()?.key),
    isStale: computed(() => entry()?.isStale ?? true),
    updatedAt: computed(() => entry()?.updatedAt ?? null),
    hasValue: () => hasValue(),
    reload: () => {
      const req = untracked(current);
      if (req) cache.refetch(req.key);
      return !!req;
    },
  } as CacheResource<R | undefined>;
}

/** The state of a request that could not start: no value, and its error. */
function failedState<T>(error: unknown): FetchState<T> {
  return { value: undefined, hasValue: false, isFetching: false, isStale: true, error, updatedAt: null, status: 'error' };
}
