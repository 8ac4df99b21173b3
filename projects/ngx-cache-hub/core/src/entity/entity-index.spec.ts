import { CacheHub } from '../hub/cache-hub';
import { detailKey, listKey } from './entity-key';
import { EntityStore } from './entity-store';

interface Product {
  id: string;
  stock: number;
  version: number;
}

const product = (id: string, version = 1, stock = 10): Product => ({ id, stock, version });
const update = (id: string, stock: number, version: number) => ({ entityType: 'products', entityId: id, changes: { stock }, version });

/** The index points at the hub's entries: these are the ways an entry can stop being the one under its key. */
describe('EntityStore index of hub entries', () => {
  const detail = detailKey('products', '1');
  const all = listKey('products', {});
  let hub: CacheHub;
  let store: EntityStore;

  beforeEach(() => {
    hub = new CacheHub({ retry: 0 });
    store = new EntityStore(hub);
  });

  afterEach(() => hub.destroy());

  it('writes the entry a key holds now, after the one it held was removed and set again', () => {
    hub.set(detail, product('1'));
    hub.delete(detail);
    hub.set(detail, product('1'));
    store.applyUpdate(update('1', 3, 2));
    expect(hub.peek(detail)).toEqual(product('1', 2, 3));
  });

  it('writes a list evicted and fetched again into its new entry', () => {
    const small = new CacheHub({ maxEntries: 1 });
    const smallStore = new EntityStore(small);
    small.set(all, [product('1')]);
    small.set(detailKey('products', '2'), product('2'));
    expect(small.peek(all)).toBeUndefined();
    small.set(all, [product('1')]);
    smallStore.applyUpdate(update('1', 4, 2));
    expect(small.peek(all)).toEqual([product('1', 2, 4)]);
    small.destroy();
  });

  it('after destroy, tells no observer of a dropped entry and indexes the entries set again', () => {
    hub.set(detail, product('1'));
    const seen: unknown[] = [];
    const subscription = hub.watch(detail).subscribe((value) => seen.push(value));
    hub.destroy();
    store.applyUpdate(update('1', 3, 2));
    expect(seen).toEqual([product('1')]);
    hub.set(detail, product('1', 2, 3));
    store.applyUpdate(update('1', 5, 3));
    expect(hub.peek(detail)).toEqual(product('1', 3, 5));
    subscription.unsubscribe();
  });

  it('in a batch, never writes in place into a list another write replaced', () => {
    hub.set(all, [product('1'), product('2')]);
    const replacement = [product('1', 2, 7), product('2')];
    store.batch(() => {
      store.applyUpdate(update('1', 3, 2));
      hub.set(all, replacement);
      store.applyUpdate(update('2', 4, 2));
    });
    expect(replacement).toEqual([product('1', 2, 7), product('2')]);
    expect(hub.peek(all)).toEqual([product('1', 2, 7), product('2', 2, 4)]);
  });
});
