import { Injector, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, of, throwError } from 'rxjs';
import { CacheHubService } from './cache-hub.service';
import { cacheInfiniteResource } from './cache-infinite-resource';
import { provideCacheHub } from './provide-cache-hub';
import { withEntity } from './with-entity';

interface Product {
  id: number;
  name: string;
  category: string;
  version: number;
}
interface ProductPage {
  items: Product[];
  totalCount: number;
  nextPage: number | null;
}

const catalog: Product[] = [1, 2, 3, 4, 5, 6].map((id) => ({ id, name: `p${id}`, category: id % 2 ? 'odd' : 'all', version: 1 }));
const PAGE_SIZE = 2;

/** The server: pages of two, by page number. */
function pageOf(page: number, items = catalog): ProductPage {
  const slice = items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return { items: slice, totalCount: items.length, nextPage: page * PAGE_SIZE < items.length ? page + 1 : null };
}

describe('cacheInfiniteResource', () => {
  let hub: CacheHubService;
  let injector: Injector;
  const category = signal<string | undefined>('all');
  const requests: unknown[] = [];

  beforeEach(() => {
    requests.length = 0;
    category.set('all');
    TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0 }, withEntity('products', { sort: (a: Product, b: Product) => a.id - b.id }))] });
    hub = TestBed.inject(CacheHubService);
    injector = TestBed.inject(Injector);
  });
  afterEach(() => TestBed.resetTestingModule());

  const products = () =>
    cacheInfiniteResource(
      () => {
        const current = category();
        return current === undefined
          ? undefined
          : {
              type: 'products',
              params: { category: current },
              initialPageParam: 1,
              source: (page: number) => (requests.push([current, page]), of(pageOf(page))),
              nextPageParam: (last: ProductPage) => last.nextPage,
            };
      },
      { injector },
    );

  it('loads page by page and merges the pages into one list', () => {
    const list = products();
    expect(list.status()).toBe('idle');
    TestBed.tick();
    expect(list.status()).toBe('resolved');
    expect(list.value()?.items.map((p) => p.id)).toEqual([1, 2]);
    expect(list.hasNextPage()).toBe(true);
    list.fetchNextPage();
    list.fetchNextPage();
    expect(list.value()?.items.map((p) => p.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(list.value()?.pages).toHaveLength(3);
    expect(list.value()?.totalCount).toBe(6);
    expect(list.hasNextPage()).toBe(false);
    list.fetchNextPage();
    expect(requests).toEqual([
      ['all', 1],
      ['all', 2],
      ['all', 3],
    ]);
  });

  it('a push into page 3 reaches the merged view, and a delete fixes the count', () => {
    const list = products();
    TestBed.tick();
    list.fetchNextPage();
    list.fetchNextPage();
    hub.entities.applyUpdate({ entityType: 'products', entityId: 5, changes: { name: 'five' }, version: 2 });
    expect(list.value()?.items[4]).toEqual({ id: 5, name: 'five', category: 'odd', version: 2 });
    expect(list.value()?.pages[2]).toEqual(expect.objectContaining({ items: [expect.objectContaining({ name: 'five' }), expect.objectContaining({ id: 6 })] }));

    hub.entities.applyDelete({ entityType: 'products', entityId: 3, version: 2 });
    expect(list.value()?.items.map((p) => p.id)).toEqual([1, 2, 4, 5, 6]);
    expect(list.value()?.totalCount).toBe(5);
    expect(requests).toHaveLength(3); // no refetch
  });

  it('a created entity that matches is shown once, where it sorts, and counted', () => {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [provideCacheHub({ retry: 0 }, withEntity('products', { matches: () => true, sort: (a: Product, b: Product) => a.id - b.id }))],
    });
    hub = TestBed.inject(CacheHubService);
    injector = TestBed.inject(Injector);
    const list = products();
    TestBed.tick();
    list.fetchNextPage();
    hub.entities.applyCreate({ entityType: 'products', entity: { id: 2.5, name: 'new', category: 'all', version: 1 } });
    expect(list.value()?.items.map((p) => p.id)).toEqual([1, 2, 2.5, 3, 4]);
    expect(list.value()?.totalCount).toBe(7);
  });

  it('starts again from the first page when the request signals change, and goes idle on undefined', () => {
    const list = products();
    TestBed.tick();
    list.fetchNextPage();
    category.set('odd');
    TestBed.tick();
    expect(list.value()?.pages).toHaveLength(1);
    expect(requests.at(-1)).toEqual(['odd', 1]);
    category.set(undefined);
    TestBed.tick();
    expect(list.status()).toBe('idle');
    expect(list.value()).toBeUndefined();
    expect(list.hasValue()).toBe(false);
  });

  it('shows loading, then the first page; the next page loads without hiding the list', () => {
    const answers = [new Subject<ProductPage>(), new Subject<ProductPage>()];
    const list = cacheInfiniteResource(
      () => ({ type: 'products', initialPageParam: 1, source: (page: number) => answers[page - 1], nextPageParam: (last: ProductPage) => last.nextPage }),
      { injector },
    );
    TestBed.tick();
    expect([list.status(), list.isLoading(), list.hasValue()]).toEqual(['loading', true, false]);
    answers[0].next(pageOf(1));
    answers[0].complete();
    expect([list.status(), list.isLoading(), list.hasValue()]).toEqual(['resolved', false, true]);
    list.fetchNextPage();
    expect(list.isFetchingNextPage()).toBe(true);
    expect(list.value()?.items).toHaveLength(2);
    answers[1].next(pageOf(2));
    answers[1].complete();
    expect(list.isFetchingNextPage()).toBe(false);
    expect(list.value()?.items).toHaveLength(4);
    expect(list.snapshot()).toEqual({ status: 'resolved', value: list.value() });
  });

  it('reports a failed first page as an error, and lets a failed next page be fetched again', () => {
    let fail = true;
    const list = cacheInfiniteResource(
      () => ({
        type: 'products',
        initialPageParam: 1,
        source: (page: number) => (page === 1 ? throwError(() => new Error('down')) : fail ? throwError(() => new Error('page 2 down')) : of(pageOf(2))),
        nextPageParam: (last: ProductPage) => last.nextPage,
      }),
      { injector },
    );
    TestBed.tick();
    expect(list.status()).toBe('error');
    expect(list.error()?.message).toBe('down');
    expect(list.snapshot()).toEqual({ status: 'error', error: list.error() });

    hub.set('products:list-{"pageIndex":0}', pageOf(1)); // e.g. the server came back and the page was set
    expect(list.status()).toBe('resolved');
    list.fetchNextPage();
    expect(list.error()?.message).toBe('page 2 down');
    expect(list.hasNextPage()).toBe(true);
    fail = false;
    list.fetchNextPage();
    expect(list.value()?.items).toHaveLength(4);
    expect(list.error()).toBeUndefined();
  });

  it('reload refetches every loaded page', () => {
    const list = products();
    TestBed.tick();
    list.fetchNextPage();
    expect(list.reload()).toBe(true);
    expect(requests).toEqual([
      ['all', 1],
      ['all', 2],
      ['all', 1],
      ['all', 2],
    ]);
  });
});
