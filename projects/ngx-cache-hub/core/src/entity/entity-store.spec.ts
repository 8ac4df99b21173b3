import { firstValueFrom, of, Subject } from 'rxjs';
import { CacheHub } from '../hub/cache-hub';
import { applyOptimistic } from '../hub/apply-optimistic';
import { detailKey, listKey } from './entity-key';
import { EntityStore } from './entity-store';

interface Product {
  id: string;
  name: string;
  stock: number;
  category: string;
  version: number;
}

const product = (id: string, version = 1, extra: Partial<Product> = {}): Product => ({
  id,
  name: `P${id}`,
  stock: 10,
  category: 'tools',
  version,
  ...extra,
});

describe('EntityStore', () => {
  let hub: CacheHub;
  let store: EntityStore;
  const all = listKey('products', { page: 1 });
  const toys = listKey('products', { category: 'toys' });

  beforeEach(() => {
    hub = new CacheHub({ retry: 0 });
    store = new EntityStore(hub);
    store.register('products', {
      matches: (p: Product, params: { category?: string }) => !params.category || params.category === p.category,
      sort: (a: Product, b: Product) => a.id.localeCompare(b.id),
    });
  });

  afterEach(() => hub.destroy());

  it('merges a newer update into the detail and every list item that holds the entity', () => {
    hub.set(detailKey('products', '1'), product('1'));
    hub.set(all, { items: [product('1'), product('2')], totalCount: 2 });
    const before = hub.peek<{ items: Product[] }>(all)!;

    expect(store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 3 }, version: 2 })).toBe(true);

    expect(hub.peek(detailKey('products', '1'))).toEqual(product('1', 2, { stock: 3 }));
    const after = hub.peek<{ items: Product[]; totalCount: number }>(all)!;
    expect(after).not.toBe(before);
    expect(after.items[0]).toEqual(product('1', 2, { stock: 3 }));
    expect(after.items[1]).toBe(before.items[1]);
    expect(after.totalCount).toBe(2);
  });

  it('in a batch, copies a changed list once, notifies once and keeps unchanged lists', () => {
    hub.set(all, { items: [product('1'), product('2')], totalCount: 2 });
    hub.set(toys, [product('9', 1, { category: 'toys' })]);
    const before = hub.peek(all);
    const toysBefore = hub.peek(toys);
    const seen: unknown[] = [];
    hub.watch(all).subscribe((value) => seen.push(value));
    store.batch(() => {
      store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 3 }, version: 2 });
      store.applyUpdate({ entityType: 'products', entityId: '2', changes: { stock: 4 }, version: 2 });
      store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 2 }, version: 3 });
    });
    expect(seen).toHaveLength(2);
    expect(seen[1]).not.toBe(before);
    expect(hub.peek<{ items: Product[] }>(all)!.items.map((p) => p.stock)).toEqual([2, 4]);
    expect((before as { items: Product[] }).items.map((p) => p.stock)).toEqual([10, 10]);
    expect(hub.peek(toys)).toBe(toysBefore);
  });

  it('in a batch, makes one new object per changed entity and holder, and never touches what observers saw', () => {
    hub.set(detailKey('products', '1'), product('1'));
    hub.set(all, [product('1'), product('2')]);
    const detailBefore = hub.peek<Product>(detailKey('products', '1'))!;
    const itemBefore = hub.peek<Product[]>(all)![0];
    const details: Product[] = [];
    hub.watch<Product>(detailKey('products', '1')).subscribe((value) => details.push(value!));
    store.batch(() => {
      store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 3 }, version: 2 });
      store.applyUpdate({ entityType: 'products', entityId: '1', changes: { name: 'Renamed' }, version: 3 });
    });
    expect(details).toHaveLength(2);
    expect(details[1]).toEqual(product('1', 3, { stock: 3, name: 'Renamed' }));
    expect(hub.peek<Product[]>(all)![0]).toEqual(product('1', 3, { stock: 3, name: 'Renamed' }));
    expect(detailBefore).toEqual(product('1'));
    expect(itemBefore).toEqual(product('1'));
    store.batch(() => store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 1 }, version: 4 }));
    expect(details[1].stock).toBe(3);
    expect(details[2].stock).toBe(1);
  });

  it('in a batch, shows optimistic layers over the last update of each entity', () => {
    hub.set(detailKey('products', '1'), product('1'));
    hub.set(all, [product('1')]);
    applyOptimistic(hub, [
      { key: detailKey('products', '1'), update: (p: Product) => ({ ...p, stock: p.stock - 1 }) },
      { key: all, update: (items: Product[]) => items.map((p) => ({ ...p, stock: p.stock - 1 })) },
    ]);
    store.batch(() => {
      store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 5 }, version: 2 });
      store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 8 }, version: 3 });
    });
    expect(hub.getValue<Product>(detailKey('products', '1'))!.stock).toBe(7);
    expect(hub.getValue<Product[]>(all)![0].stock).toBe(7);
  });

  it('never merges prototype keys of an update, even one that bypassed frame validation', () => {
    hub.set(detailKey('products', '1'), product('1'));
    const changes = JSON.parse('{"stock": 2, "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    store.applyUpdate({ entityType: 'products', entityId: '1', changes, version: 2 });
    const detail = hub.peek<Record<string, unknown>>(detailKey('products', '1'))!;
    expect(detail['stock']).toBe(2);
    expect(Object.getPrototypeOf(detail)).toBe(Object.prototype);
    expect(Object.hasOwn(detail, 'constructor')).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('never writes into a list an observer was handed, even when the observer applies an update', () => {
    hub.set(all, [product('1')]);
    const received: Product[][] = [];
    hub.watch<Product[]>(all).subscribe((items) => {
      received.push(items!);
      if (received.length === 2) store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 0 }, version: 3 });
    });
    store.batch(() => store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 4 }, version: 2 }));
    expect(received.map((items) => items[0].stock)).toEqual([10, 4, 0]);
  });

  it('recomputes what readers see when an event in a batch throws', () => {
    hub.set(all, [product('1')]);
    applyOptimistic(hub, [{ key: all, update: (items: Product[]) => items.map((p) => ({ ...p, stock: p.stock - 1 })) }]);
    expect(() =>
      store.batch(() => {
        store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 5 }, version: 2 });
        store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 8 }, version: 3 });
        store.applyCreate({ entityType: 'products', entity: { name: 'no id' } });
      }),
    ).toThrow(/NCH201/);
    expect(hub.getValue<Product[]>(all)![0].stock).toBe(7);
  });

  it('refuses a created entity with prototype keys, changing nothing', () => {
    hub.set(all, [product('1')]);
    const before = hub.peek(all);
    const entity = JSON.parse('{"id": "2", "version": 1, "category": "tools", "__proto__": {"polluted": true}}');
    expect(() => store.applyCreate({ entityType: 'products', entity })).toThrow(/NCH103/);
    expect(hub.peek(all)).toBe(before);
    expect(hub.has(detailKey('products', '2'))).toBe(false);
  });

  it('ignores an update whose version is not newer, keeping every reference', () => {
    hub.set(all, [product('1', 5)]);
    const before = hub.peek(all);
    expect(store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 0 }, version: 5 })).toBe(false);
    expect(store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 0 }, version: 4 })).toBe(false);
    expect(hub.peek(all)).toBe(before);
  });

  it('notifies a list once for an update that both patches the entity in it and moves it out', () => {
    hub.set(toys, [product('1', 1, { category: 'toys' })]);
    const seen: unknown[] = [];
    hub.watch(toys).subscribe((value) => seen.push(value));
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { category: 'tools', stock: 3 }, version: 2 });
    expect(seen).toEqual([[product('1', 1, { category: 'toys' })], []]);
  });

  it('applyUpdatesOf applies versions of one entity as one change, moving it once to where it ends', () => {
    hub.set(toys, []);
    hub.set(detailKey('products', '1'), product('1', 1));
    const before = hub.peek(toys);
    const changed = store.applyUpdatesOf([
      { entityType: 'products', entityId: '1', changes: { category: 'toys' }, version: 2 },
      { entityType: 'products', entityId: '1', changes: { category: 'tools', stock: 1 }, version: 3 },
    ]);
    expect(changed).toBe(true);
    expect(hub.peek(toys)).toBe(before);
    expect(hub.peek(detailKey('products', '1'))).toEqual(product('1', 3, { stock: 1 }));
    expect(store.applyUpdatesOf([])).toBe(false);
  });

  it('leaves lists that do not hold the entity untouched', () => {
    hub.set(all, [product('1')]);
    hub.set(toys, [product('9', 1, { category: 'toys' })]);
    const toysBefore = hub.peek(toys);
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 1 }, version: 2 });
    expect(hub.peek(toys)).toBe(toysBefore);
  });

  it('notifies each observer of a changed list once and observers of unchanged ones not at all', () => {
    hub.set(all, [product('1')]);
    hub.set(toys, [product('9', 1, { category: 'toys' })]);
    const seenAll: unknown[] = [];
    const seenToys: unknown[] = [];
    hub.watch(all).subscribe((v) => seenAll.push(v));
    hub.watch(toys).subscribe((v) => seenToys.push(v));
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 1 }, version: 2 });
    expect(seenAll).toHaveLength(2);
    expect(seenToys).toHaveLength(1);
  });

  it('inserts a created entity into matching lists in sort order and keeps totalCount right', () => {
    hub.set(all, { items: [product('1'), product('3')], totalCount: 2 });
    hub.set(toys, { items: [], totalCount: 0 });
    store.applyCreate({ entityType: 'products', entity: product('2') });
    expect(hub.peek<{ items: Product[] }>(all)!.items.map((p) => p.id)).toEqual(['1', '2', '3']);
    expect(hub.peek<{ totalCount: number }>(all)!.totalCount).toBe(3);
    expect(hub.peek(toys)).toEqual({ items: [], totalCount: 0 });
    expect(hub.peek(detailKey('products', '2'))).toEqual(product('2'));
  });

  it('invalidates the lists of a type whose onCreate is invalidate', () => {
    store.register('orders');
    hub.set(listKey('orders'), [{ id: 'a', version: 1 }]);
    store.applyCreate({ entityType: 'orders', entity: { id: 'b', version: 1 } });
    expect(hub.has(listKey('orders'))).toBe(false);
    expect(hub.peek(detailKey('orders', 'b'))).toEqual({ id: 'b', version: 1 });
  });

  it('removes a deleted entity everywhere and no older event resurrects it', () => {
    hub.set(detailKey('products', '1'), product('1'));
    hub.set(all, { items: [product('1'), product('2')], totalCount: 2 });
    store.applyDelete({ entityType: 'products', entityId: '1', version: 2 });
    expect(hub.has(detailKey('products', '1'))).toBe(false);
    expect(hub.peek(all)).toEqual({ items: [product('2')], totalCount: 1 });

    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 0 }, version: 2 });
    store.applyCreate({ entityType: 'products', entity: product('1', 1) });
    hub.set(all, { items: [product('1', 1), product('2')], totalCount: 2 });
    expect(hub.peek(all)).toEqual({ items: [product('2')], totalCount: 1 });
    expect(hub.has(detailKey('products', '1'))).toBe(false);
  });

  it('forgets the previous life of an entity deleted and created again', () => {
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { category: 'old' }, version: 2 });
    store.applyDelete({ entityType: 'products', entityId: '1', version: 3 });
    store.applyCreate({ entityType: 'products', entity: product('1', 4) });
    hub.set(toys, [product('1', 2, { category: 'toys' })]);
    expect(hub.peek(toys)).toEqual([]);
    hub.set(all, [product('1', 4)]);
    expect(hub.peek<Product[]>(all)![0].category).toBe('tools');
  });

  it('reconciles a list that refetches at once when a create invalidates it', () => {
    store.register('orders');
    let answer = [{ id: 'a', version: 1 }];
    hub.fetch(listKey('orders'), () => of(answer)).subscribe();
    answer = [
      { id: 'a', version: 1 },
      { id: 'b', version: 1 },
    ];
    store.applyUpdate({ entityType: 'orders', entityId: 'b', changes: { state: 'paid' }, version: 2 });
    store.applyCreate({ entityType: 'orders', entity: { id: 'b', version: 1 } });
    expect(hub.peek(listKey('orders'))).toEqual([
      { id: 'a', version: 1 },
      { id: 'b', version: 2, state: 'paid' },
    ]);
  });

  it('brings a fetched payload that is older than a known update up to date', async () => {
    const response = new Subject<Product[]>();
    const fetched = firstValueFrom(hub.fetch(all, () => response));
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 0 }, version: 2 });
    response.next([product('1', 1), product('2', 1)]);
    await fetched;
    expect(hub.peek<Product[]>(all)![0]).toEqual(product('1', 2, { stock: 0 }));
  });

  it('takes the fields of an answer older than a known update but newer than the copy that update reached', () => {
    const detail = detailKey('products', '1');
    hub.set(detail, product('1', 1, { stock: 1 }));
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { name: 'renamed' }, version: 4 });
    hub.set(detail, product('1', 2, { stock: 2 }));
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 3 }, version: 3 });
    expect(hub.peek(detail)).toEqual(product('1', 4, { name: 'renamed', stock: 3 }));
  });

  it('brings a list of projections up to a newer snapshot in the fields each item has, and adds the fields events set', () => {
    const detail = detailKey('products', '1');
    hub.set(all, [{ id: '1', name: 'P1', version: 1 }]);
    hub.set(detail, product('1', 5, { name: 'fetched' }));
    expect(hub.peek(all)).toEqual([{ id: '1', name: 'fetched', version: 5 }]);
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 7 }, version: 6 });
    expect(hub.peek(all)).toEqual([{ id: '1', name: 'fetched', stock: 7, version: 6 }]);
    expect(hub.peek(detail)).toEqual(product('1', 6, { name: 'fetched', stock: 7 }));
  });

  it('keeps the fields of a create that comes after a newer update, also when the cached copy is gone', () => {
    const detail = detailKey('products', '1');
    hub.set(detail, product('1', 1, { stock: 1 }));
    hub.delete(detail);
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { name: 'renamed' }, version: 4 });
    store.applyCreate({ entityType: 'products', entity: product('1', 3, { stock: 0, name: 'created' }) });
    expect(hub.peek(detail)).toEqual(product('1', 4, { stock: 0, name: 'renamed' }));
  });

  it('inserts an entity created while a list was being fetched', () => {
    const response = new Subject<Product[]>();
    hub.fetch(all, () => response).subscribe();
    store.applyCreate({ entityType: 'products', entity: product('2') });
    response.next([product('1'), product('3')]);
    expect(hub.peek<Product[]>(all)!.map((p) => p.id)).toEqual(['1', '2', '3']);
  });

  it('drops an entity deleted while a list was being fetched', () => {
    const response = new Subject<Product[]>();
    hub.fetch(all, () => response).subscribe();
    store.applyDelete({ entityType: 'products', entityId: '1', version: 2 });
    response.next([product('1'), product('3')]);
    expect(hub.peek<Product[]>(all)!.map((p) => p.id)).toEqual(['3']);
  });

  it('keeps indexing entries after eviction and re-fetch', () => {
    hub.set(all, [product('1')]);
    hub.delete(all);
    hub.set(toys, [product('1', 1, { category: 'toys' })]);
    store.applyUpdate({ entityType: 'products', entityId: '1', changes: { stock: 2 }, version: 2 });
    expect(hub.has(all)).toBe(false);
    expect(hub.peek<Product[]>(toys)![0].stock).toBe(2);
  });

  it('remaps a temporary id to the server id in details and lists', () => {
    hub.set(detailKey('products', 'tmp-1'), product('tmp-1'));
    hub.set(all, [product('tmp-1'), product('2')]);
    store.remapId('products', 'tmp-1', '77');
    expect(hub.has(detailKey('products', 'tmp-1'))).toBe(false);
    expect(hub.peek(detailKey('products', '77'))).toEqual({ ...product('tmp-1'), id: '77' });
    expect(hub.peek<Product[]>(all)!.map((p) => p.id)).toEqual(['77', '2']);
    store.applyUpdate({ entityType: 'products', entityId: '77', changes: { stock: 1 }, version: 2 });
    // The update also restores the sort order (by id) that the new id broke.
    expect(hub.peek<Product[]>(all)!.map((p) => [p.id, p.stock])).toEqual([
      ['2', 10],
      ['77', 1],
    ]);
  });

  it('invalidates a whole type', () => {
    hub.set(all, [product('1')]);
    hub.set(detailKey('products', '1'), product('1'));
    hub.set('orders:list-x', []);
    expect(store.invalidateType('products')).toBe(2);
    expect(hub.keys()).toEqual(['orders:list-x']);
  });
});

describe('EntityStore reserved fields', () => {
  it('drops an id or version field in changes and reports it, so later updates still reach the list item', () => {
    const hub = new CacheHub();
    const store = new EntityStore(hub);
    const errors: number[] = [];
    store.errors$.subscribe((error) => errors.push(error.code));
    hub.set(listKey('products', {}), [{ id: 'p-1', name: 'a', version: 1 }]);
    hub.set(detailKey('products', 'p-1'), { id: 'p-1', name: 'a', version: 1 });

    store.applyUpdate({ entityType: 'products', entityId: 'p-1', changes: { id: 'p-9', version: 99, name: 'b' }, version: 2 });
    store.applyUpdate({ entityType: 'products', entityId: 'p-1', changes: { name: 'c' }, version: 3 });

    expect(errors).toEqual([207]);
    expect(hub.peek(listKey('products', {}))).toEqual([{ id: 'p-1', name: 'c', version: 3 }]);
    expect(hub.peek(detailKey('products', 'p-1'))).toEqual({ id: 'p-1', name: 'c', version: 3 });
    hub.destroy();
  });
});
