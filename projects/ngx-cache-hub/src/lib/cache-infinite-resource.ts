import { assertInInjectionContext, computed, DestroyRef, effect, inject, Injector, signal, untracked, type ResourceSnapshot, type ResourceStatus } from '@angular/core';
import { type CacheEntryState, type ListValue, listKey, mergePages, type MergeablePage, pageBaselineOf } from 'ngx-cache-hub/core';
import { defer, type Subscription, tap } from 'rxjs';
import { CacheHubService } from './cache-hub.service';
import type { InfiniteList, InfiniteResource, InfiniteResourceOptions, InfiniteResourceRequest, ItemOf } from './infinite-resource-request';
import { toResourceError } from './to-resource-error';

/** One requested page: where it is cached, its param, its entry's state and its count when answered. */
interface PageSlot<TParam> {
  readonly key: string;
  readonly param: TParam;
  readonly state: CacheEntryState<unknown>;
  readonly baseline: MergeablePage['baseline'];
}

const LOADING: CacheEntryState<never> = { value: undefined, hasValue: false, isFetching: true, isStale: true, error: null, updatedAt: null };

/**
 * A list that grows page by page (by page number or cursor), as an Angular `Resource` of the merged
 * view. Every page is a cached list of the entity type, so pushed events reach whichever page holds
 * the entity (a delete lowers `totalCount`, a create that `matches` is inserted where it sorts).
 * When the signals `request` reads change its type or params, the list starts again from the
 * first page; `undefined` means no request (status `idle`). Call in an injection context or pass
 * `injector`.
 *
 * @example
 * readonly products = cacheInfiniteResource(() => ({
 *   type: 'products',
 *   params: { category: this.category() },
 *   initialPageParam: null as string | null,
 *   source: (cursor) => this.http.get<ProductPage>('/api/products', { params: cursor ? { cursor } : {} }),
 *   nextPageParam: (last) => last.nextCursor,
 * }));
 * // template: @for (p of products.value()?.items; track p.id) { ... } <button (click)="products.fetchNextPage()">More</button>
 */
export function cacheInfiniteResource<TPage extends ListValue, TParam>(
  request: () => InfiniteResourceRequest<TPage, TParam> | undefined,
  options: InfiniteResourceOptions = {},
): InfiniteResource<ItemOf<TPage>, TPage> {
  if (!options.injector) assertInInjectionContext(cacheInfiniteResource);
  const injector = options.injector ?? inject(Injector);
  const hub = injector.get(CacheHubService);
  const slots = signal<readonly PageSlot<TParam>[]>([]);
  const answered = new Set<string>();
  let active: InfiniteResourceRequest<TPage, TParam> | undefined;
  let subscriptions: Subscription[] = [];
  let answers = 0;

  const stop = () => subscriptions.forEach((subscription) => subscription.unsubscribe());
  const load = (index: number, param: TParam) => {
    const current = active!;
    const key = listKey(current.type, { ...current.params, pageIndex: index });
    const source = () => defer(() => current.source(param)).pipe(tap(() => answered.add(key)));
    slots.update((all) => [...all, { key, param, state: LOADING, baseline: undefined }]);
    subscriptions.push(
      hub.fetchState<unknown>(key, source, current.policy).subscribe((state) =>
        slots.update((all) =>
          all.map((slot, at) => {
            if (at !== index) return slot;
            const fresh = state.hasValue && (answered.delete(key) || !slot.baseline);
            return { ...slot, state, baseline: fresh ? pageBaselineOf(state.value, ++answers) : slot.baseline };
          }),
        ),
      ),
    );
  };

  const identity = computed(() => {
    const current = request();
    return current && listKey(current.type, current.params ?? {});
  });
  effect(
    () => {
      identity();
      untracked(() => {
        stop();
        subscriptions = [];
        slots.set([]);
        active = request();
        if (active) load(0, active.initialPageParam);
      });
    },
    { injector },
  );
  injector.get(DestroyRef).onDestroy(stop);

  const value = computed<InfiniteList<ItemOf<TPage>, TPage> | undefined>(() => {
    const all = slots();
    if (!all[0]?.state.hasValue || !active) return undefined;
    const loaded = all.filter((slot) => slot.state.hasValue);
    const idOf = hub.entities.configOf(active.type).idOf;
    const merged = mergePages<ItemOf<TPage>>(
      loaded.map(({ state, baseline }) => ({ value: state.value, baseline })),
      idOf,
    );
    return { ...merged, pages: loaded.map((slot) => slot.state.value as TPage) };
  });
  const status = computed<ResourceStatus>(() => {
    const all = slots();
    if (all.length === 0) return 'idle';
    if (!all[0].state.hasValue) return all[0].state.error ? 'error' : 'loading';
    return all.some((slot) => slot.state.hasValue && slot.state.isFetching) ? 'reloading' : 'resolved';
  });
  const error = computed(() => toResourceError(slots().find((slot) => slot.state.error)?.state.error));
  const nextParam = computed(() => {
    const list = value();
    const last = slots().at(-1);
    if (!list || !last?.state.hasValue) return undefined;
    return untracked(() => active?.nextPageParam(list.pages.at(-1)!, list.pages)) ?? undefined;
  });
  const hasValue = () => value() !== undefined;

  return {
    value,
    status,
    error,
    isLoading: computed(() => status() === 'loading' || status() === 'reloading'),
    snapshot: computed(
      () =>
        (status() === 'error' ? { status: 'error', error: error()! } : { status: status(), value: value() }) as ResourceSnapshot<InfiniteList<ItemOf<TPage>, TPage> | undefined>,
    ),
    hasValue: hasValue as InfiniteResource<ItemOf<TPage>, TPage>['hasValue'],
    hasNextPage: computed(() => nextParam() !== undefined || isRetryable(slots())),
    isFetchingNextPage: computed(() => {
      const all = slots();
      return all.length > 1 && !all.at(-1)!.state.hasValue && all.at(-1)!.state.isFetching;
    }),
    fetchNextPage(): void {
      const last = untracked(slots).at(-1);
      if (isRetryable(untracked(slots))) return hub.refetch(last!.key);
      const param = untracked(nextParam);
      if (param !== undefined && last?.state.hasValue) load(untracked(slots).length, param);
    },
    reload(): boolean {
      const all = untracked(slots);
      all.forEach((slot) => hub.refetch(slot.key));
      return all.length > 0;
    },
  };
}

/** A page after the first that failed to load: fetching it again is how to go on. */
function isRetryable(slots: readonly PageSlot<unknown>[]): boolean {
  const last = slots.at(-1);
  return slots.length > 1 && !last!.state.hasValue && !!last!.state.error && !last!.state.isFetching;
}
