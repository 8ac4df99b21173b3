import { Subject } from 'rxjs';
import { CacheHub } from '../hub/cache-hub';
import { detailKey, listKey } from './entity-key';
import { EntityStore } from './entity-store';

interface Product {
  id: string;
  name: string;
  category: string;
  version: number;
}

describe('applyCreate after a delete (re-create)', () => {
  let hub: CacheHub;
  let store: EntityStore;
  const all = listKey('products', {});

  beforeEach(() => {
    hub = new CacheHub({ retry: 0 });
    store = new EntityStore(hub);
    store.register('products', { matches: () => true, sort: (a: Product, b: Product) => a.id.localeCompare(b.id) });
    hub.set(all, { items: [{ id: 'p-1', name: 'a', category: 'tools', version: 3 }], totalCount: 1 });
  });

  afterEach(() => hub.destroy());

  it('delete v4, update v6, create v5 ends as in version order: alive at v6 with the update applied', () => {
    store.applyDelete({ entityType: 'products', entityId: 'p-1', version: 4 });
    store.applyUpdate({ entityType: 'products', entityId: 'p-1', changes: { name: 'c' }, version: 6 });
    store.applyCreate({ entityType: 'products', entity: { id: 'p-1', name: 'b', category: 'tools', version: 5 } });

    const expected = { id: 'p-1', name: 'c', category: 'tools', version: 6 };
    expect(hub.peek(detailKey('products', 'p-1'))).toEqual(expected);
    expect(hub.peek(all)).toEqual({ items: [expected], totalCount: 1 });
  });

  it('a snapshot newer than the tombstone is taken even after a newer update arrived', () => {
    const response = new Subject<Product>();
    store.applyDelete({ entityType: 'products', entityId: 'p-1', version: 4 });
    store.applyUpdate({ entityType: 'products', entityId: 'p-1', changes: { name: 'z' }, version: 7 });
    hub.fetch(detailKey('products', 'p-1'), () => response).subscribe();
    response.next({ id: 'p-1', name: 'b', category: 'tools', version: 6 });

    expect(hub.peek(detailKey('products', 'p-1'))).toEqual({ id: 'p-1', name: 'z', category: 'tools', version: 7 });
  });

  it('a create older than the tombstone changes nothing', () => {
    store.applyDelete({ entityType: 'products', entityId: 'p-1', version: 4 });
    expect(store.applyCreate({ entityType: 'products', entity: { id: 'p-1', name: 'old', category: 'tools', version: 4 } })).toBe(false);
    expect(hub.peek(detailKey('products', 'p-1'))).toBeUndefined();
    expect(hub.peek(all)).toEqual({ items: [], totalCount: 0 });
  });

  it('fills a detail that holds the explicit empty value null, and inserts into matching lists', () => {
    hub.set(detailKey('products', 'p-2'), null);
    store.applyCreate({ entityType: 'products', entity: { id: 'p-2', name: 'n', category: 'tools', version: 1 } });

    expect(hub.peek(detailKey('products', 'p-2'))).toEqual({ id: 'p-2', name: 'n', category: 'tools', version: 1 });
    expect(hub.peek<{ items: Product[] }>(all)!.items.map((p) => p.id)).toEqual(['p-1', 'p-2']);
  });

  describe('a create a cached answer already held', () => {
    const p2 = { id: 'p-2', name: 'n', category: 'tools', version: 1 };

    it('still fills a detail whose "none" answer was fetched before the create', async () => {
      const response = new Subject<Product | null>();
      hub.fetch(detailKey('products', 'p-2'), () => response).subscribe();
      hub.set(all, { items: [{ id: 'p-1', name: 'a', category: 'tools', version: 3 }, p2], totalCount: 2 });
      store.applyCreate({ entityType: 'products', entity: { ...p2 } });
      response.next(null);

      expect(hub.peek(detailKey('products', 'p-2'))).toEqual(p2);
    });

    it('still joins a list answer fetched before the create and landing after it', () => {
      const response = new Subject<{ items: Product[]; totalCount: number }>();
      hub.fetch(all, () => response).subscribe();
      const newer = { items: [{ id: 'p-1', name: 'a', category: 'tools', version: 3 }, p2], totalCount: 2 };
      hub.set(all, newer);
      store.applyCreate({ entityType: 'products', entity: { ...p2 } });
      response.next({ items: [{ id: 'p-1', name: 'a', category: 'tools', version: 3 }], totalCount: 1 });

      expect(hub.peek(all)).toEqual(newer);
    });

    it('fills an observed detail that holds nothing, though a list holds the entity', () => {
      const detail = detailKey('products', 'p-2');
      hub.watch(detail).subscribe();
      hub.set(all, { items: [{ id: 'p-1', name: 'a', category: 'tools', version: 3 }, p2], totalCount: 2 });
      store.applyCreate({ entityType: 'products', entity: { ...p2 } });

      expect(hub.peek(detail)).toEqual(p2);
    });
  });

  it('a detail answer of a life that ended gives the life known since', () => {
    const response = new Subject<Product>();
    hub.fetch(detailKey('products', 'p-1'), () => response).subscribe();
    store.applyDelete({ entityType: 'products', entityId: 'p-1', version: 4 });
    store.applyCreate({ entityType: 'products', entity: { id: 'p-1', name: 'again', category: 'tools', version: 5 } });
    response.next({ id: 'p-1', name: 'a', category: 'tools', version: 3 });

    expect(hub.peek(detailKey('products', 'p-1'))).toEqual({ id: 'p-1', name: 'again', category: 'tools', version: 5 });
  });

  it('a "none" answer made up from known events raises no floor: a later re-create still gives its fields', () => {
    const detail = detailKey('products', 'p-3');
    const response = new Subject<Product | null>();
    hub.fetch(detail, () => response).subscribe();
    store.applyCreate({ entityType: 'products', entity: { id: 'p-3', name: 'first', category: 'tools', version: 1 } });
    store.applyUpdate({ entityType: 'products', entityId: 'p-3', changes: { category: 'garden' }, version: 4 });
    response.next(null);
    store.applyDelete({ entityType: 'products', entityId: 'p-3', version: 2 });
    store.applyCreate({ entityType: 'products', entity: { id: 'p-3', name: 'second', category: 'tools', version: 3 } });

    expect(hub.peek(detail)).toEqual({ id: 'p-3', name: 'second', category: 'garden', version: 4 });
  });
});
