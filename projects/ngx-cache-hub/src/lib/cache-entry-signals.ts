import { assertInInjectionContext, computed, DestroyRef, inject, Injector, Signal, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { CacheEntryState } from 'ngx-cache-hub/core';

/** Options of the signal helpers. */
export interface CacheSignalOptions {
  /** Injector whose lifetime bounds the subscription; required outside an injection context. */
  injector?: Injector;
}

/** Read-only signals of one cache entry, for templates that use signals. */
export interface CacheEntrySignals<T> {
  /** The whole state at once. */
  readonly state: Signal<CacheEntryState<T>>;
  /** The value (undefined while there is none). */
  readonly value: Signal<T | undefined>;
  /** Whether a request for the entry is in flight. */
  readonly isFetching: Signal<boolean>;
  /** Whether the value is stale: none yet, invalidated, past its staleTime or expired. */
  readonly isStale: Signal<boolean>;
  /** The last request's error, cleared when a value lands; null when none. */
  readonly error: Signal<unknown>;
  /** When the value was written (ms since epoch), for "updated 3 s ago". */
  readonly updatedAt: Signal<number | null>;
}

const INITIAL: CacheEntryState<never> = { value: undefined, hasValue: false, isFetching: false, isStale: true, error: null, updatedAt: null };

/**
 * Turns an entry's state stream into read-only signals that live as long as the injection context
 * (or the given injector). `driver$` is kept subscribed too (a fetch); its errors live in `error`.
 */
export function toCacheEntrySignals<T>(state$: Observable<CacheEntryState<T>>, options: CacheSignalOptions = {}, driver$?: Observable<unknown>): CacheEntrySignals<T> {
  if (!options.injector) assertInInjectionContext(toCacheEntrySignals);
  const injector = options.injector ?? inject(Injector);
  const state = signal<CacheEntryState<T>>(INITIAL);
  const subscription = state$.subscribe((next) => state.set(next));
  if (driver$) subscription.add(driver$.subscribe({ error: () => undefined }));
  injector.get(DestroyRef).onDestroy(() => subscription.unsubscribe());
  return {
    state: state.asReadonly(),
    value: computed(() => state().value),
    isFetching: computed(() => state().isFetching),
    isStale: computed(() => state().isStale),
    error: computed(() => state().error),
    updatedAt: computed(() => state().updatedAt),
  };
}
