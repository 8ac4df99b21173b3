import type { Injector, Resource, Signal } from '@angular/core';
import type { FetchPolicy, ListValue } from 'ngx-cache-hub/core';
import type { Observable } from 'rxjs';

/** What {@link cacheInfiniteResource} loads: a list of an entity type, page by page. */
export interface InfiniteResourceRequest<TPage extends ListValue, TParam> {
  /** The entity type, e.g. `'products'`: pages are stored as its lists, so pushed events reach them. */
  readonly type: string;
  /**
   * The list's parameters (filters, sort). Page `n` is cached at `listKey(type, { ...params, pageIndex: n })`,
   * so an entity type's `matches(entity, params)` sees `pageIndex` too. Default `{}`.
   */
  readonly params?: Readonly<Record<string, unknown>>;
  /** The first page's param: a page number (`1`) or a cursor (`null`). */
  readonly initialPageParam: TParam;
  /** Loads one page: `(param) => http.get<Page<Product>>('/api/products', { params: { cursor: param } })`. */
  readonly source: (pageParam: TParam) => Observable<TPage> | Promise<TPage>;
  /** The param of the page after `lastPage`, or `undefined`/`null` when it was the last one. */
  readonly nextPageParam: (lastPage: TPage, pages: readonly TPage[]) => TParam | undefined | null;
  /** The fetch policy of every page (staleTime, retry, polling...). Default: the hub's and the type's. */
  readonly policy?: FetchPolicy;
}

/** Options of {@link cacheInfiniteResource}. */
export interface InfiniteResourceOptions {
  /** Injector whose lifetime bounds the resource; required outside an injection context. */
  readonly injector?: Injector;
}

/** The merged view of the loaded pages. */
export interface InfiniteList<TItem, TPage> {
  /** Every loaded page's items, in order, each entity once. */
  readonly items: readonly TItem[];
  /** The server's count, kept up to date by pushed creates and deletes; undefined when pages carry none. */
  readonly totalCount: number | undefined;
  /** The loaded pages as cached (with pushed updates applied). */
  readonly pages: readonly TPage[];
}

/** An Angular `Resource` of a list that grows page by page; every page is kept live by entity events. */
export interface InfiniteResource<TItem, TPage> extends Resource<InfiniteList<TItem, TPage> | undefined> {
  /** Whether `nextPageParam` gave a param for the page after the last loaded one. */
  readonly hasNextPage: Signal<boolean>;
  /** Whether the next page is being loaded. */
  readonly isFetchingNextPage: Signal<boolean>;
  /** Loads the next page, if there is one and it is not loading yet. */
  fetchNextPage(): void;
  /** Refetches every loaded page; returns false when there is no request. */
  reload(): boolean;
}

/** The item type of a page value. */
export type ItemOf<TPage> = TPage extends readonly (infer T)[] ? T : TPage extends { readonly items: readonly (infer T)[] } ? T : never;
