import { of, Subject } from 'rxjs';
import { CacheHub } from '../hub/cache-hub';
import { detailKey, listKey } from './entity-key';
import { EntityStore } from './entity-store';
import { sortedIndex } from './list-membership';

interface Product {
  id: string;
  category: string;
  price: number;
  version: number;
}

type Page = { items: Product[]; totalCount: number };
const ids = (hub: CacheHub, key: string) => hub.peek<Page>(key)!.items.map((p) => p.id);

describe('list membership on updates', () => {
  let hub: CacheHub;
  let store: EntityStore;
  const tools = listKey('products', { category: 'tools' });
  const garden = listKey('products', { category: 'garden' });
  const byPriceDesc = listKey('products', { order: 'desc' });

  beforeEach(() => {
    hub = new CacheHub({ retry: 0 });
    store = new EntityStore(hub);
    store.register('products', {
      matches: (p: Product, params: { category?: string }) => !params.category || p.category === params.category,
      sort: (a: Product, b: Product, params: { order?: string }) => (params.order === 'desc' ? b.price - a.price : a.price - b.price),
    });
    hub.set(tools, {
      items: [
        { id: 't1', category: 'tools', price: 1, version: 1 },
        { id: 'p5', category: 'tools', price: 5, version: 1 },
      ],
      totalCount: 2,
    });
    hub.set(garden, { items: [{ id: 'g1', category: 'garden', price: 3, version: 1 }], totalCount: 1 });
    hub.set(byPriceDesc, {
      items: [
        { id: 'p5', category: 'tools', price: 5, version: 1 },
        { id: 't1', category: 'tools', price: 1, version: 1 },
      ],
      totalCount: 2,
    });
  });

  afterEach(() => hub.destroy());

  it('moves an entity whose filtered field changed out of the lists it left and into the lists it joined, in sort order', () => {
    store.applyUpdate({ entityType: 'products', entityId: 'p5', changes: { category: 'garden' }, version: 2 });

    expect(hub.peek(tools)).toEqual({ items: [{ id: 't1', category: 'tools', price: 1, version: 1 }], totalCount: 1 });
    expect(ids(hub, garden)).toEqual(['g1', 'p5']);
    expect(hub.peek<Page>(garden)!.totalCount).toBe(2);
  });

  it('keeps sort order on updates, with the list params given to sort', () => {
    store.applyUpdate({ entityType: 'products', entityId: 't1', changes: { price: 9 }, version: 2 });

    expect(ids(hub, tools)).toEqual(['p5', 't1']);
    expect(ids(hub, byPriceDesc)).toEqual(['t1', 'p5']);
  });

  it('a list fetched before a move and landing after it holds the entity where it now belongs', () => {
    const response = new Subject<Page>();
    hub.delete(garden);
    hub.fetch(garden, () => response).subscribe();
    store.applyUpdate({ entityType: 'products', entityId: 'p5', changes: { category: 'garden' }, version: 2 });
    response.next({ items: [{ id: 'g1', category: 'garden', price: 3, version: 1 }], totalCount: 1 });

    expect(ids(hub, garden)).toEqual(['g1', 'p5']);
    expect(hub.peek<Page>(garden)!.totalCount).toBe(2);
  });

  it('an update of an entity no entry holds refetches the lists it may now belong to, unless its field cannot move it', () => {
    let fetches = 0;
    hub.delete(garden);
    const gardenPage = { items: [{ id: 'g1', category: 'garden', price: 3, version: 1 }], totalCount: 1 };
    hub.fetch(garden, () => (fetches++, of(gardenPage))).subscribe();
    store.register('products', {
      matches: (p: Product, params: { category?: string }) => !params.category || p.category === params.category,
      membershipFields: ['category'],
    });
    store.applyUpdate({ entityType: 'products', entityId: 'unseen', changes: { price: 2 }, version: 2 });
    expect(fetches).toBe(1);
    store.applyUpdate({ entityType: 'products', entityId: 'unseen', changes: { category: 'garden' }, version: 3 });
    expect(fetches).toBe(2);
  });

  it('a newer snapshot in one list moves the entity where it now belongs, though the update it reflects arrives later', () => {
    const all = listKey('products', {});
    hub.set(all, {
      items: [
        { id: 'p5', category: 'garden', price: 5, version: 2 },
        { id: 't1', category: 'tools', price: 1, version: 1 },
      ],
      totalCount: 2,
    });
    store.applyUpdate({ entityType: 'products', entityId: 'p5', changes: { category: 'garden' }, version: 2 });

    expect(ids(hub, tools)).toEqual(['t1']);
    expect(ids(hub, garden)).toEqual(['g1', 'p5']);
  });

  it('an update a newer detail answer already holds still moves the entity into the lists fetched before it', () => {
    hub.set(detailKey('products', 'n1'), { id: 'n1', category: 'garden', price: 4, version: 2 });
    store.applyUpdate({ entityType: 'products', entityId: 'n1', changes: { category: 'garden' }, version: 2 });

    expect(ids(hub, garden)).toEqual(['g1', 'n1']);
    expect(ids(hub, tools)).toEqual(['t1', 'p5']);
  });

  it('a create into a large sorted list lands after the items it ties with, and later updates reach every item it shifted', () => {
    const big = listKey('products', { order: 'asc' });
    const items = Array.from({ length: 2000 }, (_, n) => ({ id: `b${n}`, category: 'tools', price: Math.floor(n / 10), version: 1 }));
    hub.set(big, { items, totalCount: items.length });
    store.applyCreate({ entityType: 'products', entity: { id: 'first', category: 'tools', price: -1, version: 1 } });
    store.applyCreate({ entityType: 'products', entity: { id: 'tie', category: 'tools', price: 50, version: 1 } });
    store.applyUpdate({ entityType: 'products', entityId: 'b1999', changes: { category: 'tools', price: 199 }, version: 2 });
    store.applyUpdate({ entityType: 'products', entityId: 'b510', changes: { category: 'tools', price: 50 }, version: 2 });

    const page = ids(hub, big);
    expect(page[0]).toBe('first');
    expect(page.slice(510, 513)).toEqual(['b509', 'tie', 'b510']);
    expect(hub.peek<Page>(big)!.items[512]).toEqual({ id: 'b510', category: 'tools', price: 50, version: 2 });
    expect(hub.peek<Page>(big)!.items.at(-1)).toEqual({ id: 'b1999', category: 'tools', price: 199, version: 2 });
    expect(hub.peek<Page>(big)!.totalCount).toBe(2002);
  });

  it('places creates into lists cached after the first placement, and into none that left the hub', () => {
    store.applyCreate({ entityType: 'products', entity: { id: 'c1', category: 'tools', price: 2, version: 1 } });
    const cheap = listKey('products', { category: 'tools', max: 3 });
    hub.set(cheap, { items: [], totalCount: 0 });
    hub.delete(garden);
    store.applyCreate({ entityType: 'products', entity: { id: 'c2', category: 'garden', price: 1, version: 1 } });
    store.applyCreate({ entityType: 'products', entity: { id: 'c3', category: 'tools', price: 3, version: 1 } });

    expect(ids(hub, cheap)).toEqual(['c3']);
    expect(ids(hub, tools)).toEqual(['t1', 'c1', 'c3', 'p5']);
    expect(hub.peek(garden)).toBeUndefined();
    hub.set(garden, { items: [], totalCount: 0 });
    store.applyCreate({ entityType: 'products', entity: { id: 'c4', category: 'garden', price: 1, version: 1 } });
    expect(ids(hub, garden)).toEqual(['c4']);
  });
});

describe('sortedIndex', () => {
  const byNumber = (a: unknown, b: unknown) => (a as number) - (b as number);

  it('is the place before the first item that sorts after the entity, and the end without a sort', () => {
    expect(sortedIndex([1, 2, 2, 2, 5], 2, byNumber, {})).toBe(4);
    expect(sortedIndex([1, 2, 2, 2, 5], 0, byNumber, {})).toBe(0);
    expect(sortedIndex([1, 2, 2, 2, 5], 9, byNumber, {})).toBe(5);
    expect(sortedIndex([], 9, byNumber, {})).toBe(0);
    expect(sortedIndex([5, 1], 0, undefined, {})).toBe(2);
  });

  it('in a list out of sort order, is a place between an item that does not sort after the entity and one that does', () => {
    const items = [9, 1, 7, 3, 8, 2];
    for (const entity of [0, 4, 10]) {
      const at = sortedIndex(items, entity, byNumber, {});
      if (at > 0) expect(items[at - 1]).toBeLessThanOrEqual(entity);
      if (at < items.length) expect(items[at]).toBeGreaterThan(entity);
    }
  });
});
