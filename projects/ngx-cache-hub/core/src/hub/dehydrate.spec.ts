import { of } from 'rxjs';
import { EntityStore } from '../entity/entity-store';
import { applyOptimistic } from './apply-optimistic';
import { CacheHub } from './cache-hub';
import { dehydrate, hydrate } from './dehydrate';

describe('dehydrate / hydrate', () => {
  afterEach(() => jest.useRealTimers());

  it('round-trips server state through JSON, leaving optimistic layers out', () => {
    const server = new CacheHub();
    server.set('products:detail-1', { id: 1, stock: 5, version: 1 });
    server.set('products:list-{}', { items: [{ id: 1, stock: 5, version: 1 }], totalCount: 1 });
    applyOptimistic(server, [{ key: 'products:detail-1', update: (p: any) => ({ ...p, stock: 4 }) }]);
    expect(server.getValue('products:detail-1')).toEqual({ id: 1, stock: 4, version: 1 });
    const wire = JSON.parse(JSON.stringify(dehydrate(server)));

    const browser = new CacheHub();
    expect(hydrate(browser, wire)).toBe(2);
    expect(browser.getValue('products:detail-1')).toEqual({ id: 1, stock: 5, version: 1 });
    expect(browser.getValue('products:list-{}')).toEqual({ items: [{ id: 1, stock: 5, version: 1 }], totalCount: 1 });
  });

  it('includes only the keys asked for', () => {
    const server = new CacheHub();
    server.set('products:detail-1', 1);
    server.set('session:me', 2);
    expect(dehydrate(server, { keys: /^products:/ }).entries).toEqual([['products:detail-1', 1]]);
  });

  it('serves hydrated entries without a request within staleTime, and refetches after it', () => {
    jest.useFakeTimers();
    const browser = new CacheHub({ staleTime: 30_000 });
    hydrate(browser, { v: 1, entries: [['products:detail-1', { id: 1 }]] });
    const source = jest.fn(() => of({ id: 1, fresh: true }));
    const seen: unknown[] = [];
    browser
      .fetch('products:detail-1', source)
      .subscribe((value) => seen.push(value))
      .unsubscribe();
    expect(source).not.toHaveBeenCalled();
    expect(seen).toEqual([{ id: 1 }]);
    jest.advanceTimersByTime(30_000);
    browser.fetch('products:detail-1', source).subscribe().unsubscribe();
    expect(source).toHaveBeenCalledTimes(1);
  });

  it('keeps values the browser has already and ignores unknown formats', () => {
    const browser = new CacheHub();
    browser.set('a:1', 'browser');
    expect(
      hydrate(browser, {
        v: 1,
        entries: [
          ['a:1', 'server'],
          ['a:2', 'server'],
        ],
      }),
    ).toBe(1);
    expect(browser.getValue('a:1')).toBe('browser');
    expect(hydrate(browser, { v: 2, entries: [['a:3', 1]] } as never)).toBe(0);
    expect(hydrate(browser, null)).toBe(0);
  });

  it('hydrated lists are indexed by the entity store, so a pushed update reaches them', () => {
    const browser = new CacheHub();
    const entities = new EntityStore(browser);
    hydrate(browser, { v: 1, entries: [['products:list-{}', [{ id: 1, stock: 5, version: 1 }]]] });
    entities.applyUpdate({ entityType: 'products', entityId: 1, changes: { stock: 4 }, version: 2 });
    expect(browser.getValue('products:list-{}')).toEqual([{ id: 1, stock: 4, version: 2 }]);
  });
});
