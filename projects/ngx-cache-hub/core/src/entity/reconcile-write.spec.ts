import { Subject } from 'rxjs';
import { CacheHub } from '../hub/cache-hub';
import { detailKey, listKey } from './entity-key';
import { EntityStore } from './entity-store';

type Row = Record<string, unknown>;
type Page = { items: Row[]; totalCount: number };

/** A hub and store whose fetches wait until a test answers them, in any order. */
function setUp(config: Parameters<EntityStore['register']>[1]) {
  const hub = new CacheHub({ retry: 0 });
  const store = new EntityStore(hub);
  store.register('p', config);
  const pending = new Map<string, Subject<unknown>[]>();
  let fetches = 0;
  const observe = (key: string) =>
    hub
      .fetch(key, () => {
        fetches++;
        const response = new Subject<unknown>();
        pending.set(key, [...(pending.get(key) ?? []), response]);
        return response;
      })
      .subscribe({ error: () => undefined });
  const answer = (key: string, value: unknown) => {
    const response = pending.get(key)!.shift()!;
    response.next(value);
    response.complete();
  };
  return { hub, store, observe, answer, fetches: () => fetches };
}

const ids = (page: unknown) => (page as Page).items.map((row) => row['id']);

describe('answers that race events (found by the outside test of stop 29)', () => {
  it('puts an item that a known update changed where it now sorts, in a list answered before that update', () => {
    const { hub, store, observe, answer } = setUp({ matches: () => true, sort: (a: Row, b: Row) => String(a['name']).localeCompare(String(b['name'])) });
    const all = listKey('p', {});
    observe(all);
    store.applyCreate({ entityType: 'p', entity: { id: '1', name: 'c', version: 2 } });
    store.applyUpdate({ entityType: 'p', entityId: '2', changes: { name: 'd' }, version: 3 });
    answer(all, {
      items: [
        { id: '2', name: 'a', version: 1 },
        { id: '1', name: 'c', version: 2 },
      ],
      totalCount: 2,
    });

    expect(hub.peek(all)).toEqual({
      items: [
        { id: '1', name: 'c', version: 2 },
        { id: '2', name: 'd', version: 3 },
      ],
      totalCount: 2,
    });
  });

  it('a detail that answered "none" from before a create keeps the created fields that a projection list answered later lacks', () => {
    const { hub, store, observe, answer } = setUp({ matches: (row: Row, params: { cat?: string }) => !params.cat || row['cat'] === params.cat });
    const detail = detailKey('p', '1');
    const projected = listKey('p', { cat: 'x', fields: 'short' });
    observe(detail);
    observe(projected);
    store.applyCreate({ entityType: 'p', entity: { id: '1', version: 1, name: 'a', cat: 'x', price: 5 } });
    answer(projected, { items: [{ id: '1', version: 1, name: 'a', cat: 'x' }], totalCount: 1 });
    answer(detail, null);

    expect(hub.peek(detail)).toEqual({ id: '1', version: 1, name: 'a', cat: 'x', price: 5 });
  });

  it('an answer older than an update that added a field, landing after a newer answer held it, gets that field', () => {
    const { hub, store, observe, answer } = setUp({ matches: (row: Row, params: { cat?: string }) => !params.cat || row['cat'] === params.cat });
    const all = listKey('p', {});
    const ys = listKey('p', { cat: 'y' });
    observe(all);
    observe(ys);
    answer(ys, { items: [{ id: '2', version: 2, cat: 'y', note: 'n1' }], totalCount: 1 });
    store.applyUpdate({ entityType: 'p', entityId: '2', changes: { cat: 'y', note: 'n1' }, version: 2 });
    answer(all, { items: [{ id: '2', version: 1, cat: 'x' }], totalCount: 1 });

    expect(hub.peek(all)).toEqual({ items: [{ id: '2', version: 2, cat: 'y', note: 'n1' }], totalCount: 1 });
  });

  it('an update that added a field reaches a copy made of an older answer, when it comes after a newer answer', () => {
    const { hub, store, observe, answer } = setUp({ matches: (row: Row, params: { cat?: string }) => !params.cat || row['cat'] === params.cat });
    const all = listKey('p', {});
    const xs = listKey('p', { cat: 'x' });
    observe(all);
    observe(xs);
    answer(all, { items: [{ id: '4', version: 2, cat: 'x', note: 'n1' }], totalCount: 1 });
    answer(xs, { items: [{ id: '4', version: 1, cat: 'x' }], totalCount: 1 });
    expect(hub.peek<Page>(xs)!.items[0]).toEqual({ id: '4', version: 2, cat: 'x' });
    store.applyUpdate({ entityType: 'p', entityId: '4', changes: { note: 'n1' }, version: 2 });

    expect(hub.peek<Page>(xs)!.items[0]).toEqual({ id: '4', version: 2, cat: 'x', note: 'n1' });
    expect(hub.peek<Page>(all)!.items[0]).toEqual({ id: '4', version: 2, cat: 'x', note: 'n1' });
  });

  it('a projection answer that came first does not hide the created fields from the lists the create joins', () => {
    const { hub, store, observe, answer } = setUp({ matches: (row: Row, params: { cat?: string }) => !params.cat || row['cat'] === params.cat });
    const all = listKey('p', {});
    const projected = listKey('p', { cat: 'x', fields: 'short' });
    observe(all);
    observe(projected);
    answer(projected, { items: [{ id: '1', version: 1, name: 'a', cat: 'x' }], totalCount: 1 });
    store.applyCreate({ entityType: 'p', entity: { id: '1', version: 1, name: 'a', cat: 'x', price: 0 } });
    answer(all, { items: [], totalCount: 0 });

    expect(hub.peek(all)).toEqual({ items: [{ id: '1', version: 1, name: 'a', cat: 'x', price: 0 }], totalCount: 1 });
  });

  it('a type that invalidates on create refetches its lists without the entity when an answer that held it came before the create', () => {
    const { hub, store, observe, answer, fetches } = setUp({});
    const first = listKey('p', {});
    const second = listKey('p', { page: 1 });
    observe(first);
    observe(second);
    answer(first, { items: [{ id: '1', version: 1 }], totalCount: 1 });
    store.applyCreate({ entityType: 'p', entity: { id: '1', version: 1 } });
    answer(second, { items: [], totalCount: 0 });

    expect(fetches()).toBe(3);
    answer(second, { items: [{ id: '1', version: 1 }], totalCount: 1 });
    expect(ids(hub.peek(second))).toEqual(['1']);
    // A repeat of the create refetches nothing more.
    store.applyCreate({ entityType: 'p', entity: { id: '1', version: 1 } });
    expect(fetches()).toBe(3);
  });

  it('a detail answer newer than a sorted, filtered list it moves an item out of changes that list once, straight to where it ends', () => {
    const { hub, observe, answer } = setUp({
      matches: (row: Row, params: { cat?: string }) => !params.cat || row['cat'] === params.cat,
      sort: (a: Row, b: Row) => Number(a['rank']) - Number(b['rank']),
    });
    const all = listKey('p', {});
    const bs = listKey('p', { cat: 'b' });
    observe(all);
    observe(bs);
    answer(all, {
      items: [
        { id: 'e1', version: 1, rank: 1, cat: 'b' },
        { id: 'e2', version: 1, rank: 2, cat: 'a' },
      ],
      totalCount: 2,
    });
    answer(bs, { items: [{ id: 'e1', version: 1, rank: 1, cat: 'b' }], totalCount: 1 });
    const seen: unknown[] = [];
    const watching = [hub.watch(all).subscribe((page) => seen.push(ids(page))), hub.watch(bs).subscribe((page) => seen.push(ids(page)))];
    seen.length = 0;
    const detail = detailKey('p', 'e1');
    observe(detail);
    // The server moved e1 to rank 3 and out of `b` at v2; its event is still on its way.
    answer(detail, { id: 'e1', version: 2, rank: 3, cat: 'a' });

    expect(seen).toEqual([['e2', 'e1'], []]);
    watching.forEach((subscription) => subscription.unsubscribe());
  });

  it('an update that moves an entity the store knows only from a projection into a full list refetches that list instead of inserting the projection', () => {
    const { hub, store, observe, answer, fetches } = setUp({ matches: (row: Row, params: { cat?: string }) => !params.cat || row['cat'] === params.cat });
    const projected = listKey('p', { fields: 'short' });
    const xs = listKey('p', { cat: 'x' });
    observe(projected);
    observe(xs);
    answer(projected, {
      items: [
        { id: 'a', version: 1, cat: 'x' },
        { id: 'b', version: 2, cat: 'y' },
      ],
      totalCount: 2,
    });
    answer(xs, { items: [{ id: 'a', version: 1, cat: 'x', name: 'n0' }], totalCount: 1 });
    store.applyUpdate({ entityType: 'p', entityId: 'b', changes: { cat: 'x' }, version: 3 });

    expect(ids(hub.peek(xs))).toEqual(['a']);
    expect(fetches()).toBe(3);
    answer(xs, {
      items: [
        { id: 'a', version: 1, cat: 'x', name: 'n0' },
        { id: 'b', version: 3, cat: 'x', name: 'n1' },
      ],
      totalCount: 2,
    });
    expect(hub.peek(xs)).toEqual({
      items: [
        { id: 'a', version: 1, cat: 'x', name: 'n0' },
        { id: 'b', version: 3, cat: 'x', name: 'n1' },
      ],
      totalCount: 2,
    });
    // The projection list took the entity's new field.
    expect(hub.peek(projected)).toEqual({
      items: [
        { id: 'a', version: 1, cat: 'x' },
        { id: 'b', version: 3, cat: 'x' },
      ],
      totalCount: 2,
    });
  });

  it('a delete older than the newest copy ends the life a copy made of an older answer shows: that copy is refetched', () => {
    const { hub, store, observe, answer, fetches } = setUp({ matches: () => true });
    const detail = detailKey('p', '1');
    const all = listKey('p', {});
    observe(detail);
    observe(all);
    answer(detail, { id: '1', version: 1, note: 'old life' });
    // A re-create at 3 without the field; the delete at 2 between the two lives is still on its way.
    answer(all, { items: [{ id: '1', version: 3 }], totalCount: 1 });
    expect(hub.peek(detail)).toEqual({ id: '1', version: 3, note: 'old life' });
    store.applyDelete({ entityType: 'p', entityId: '1', version: 2 });

    expect(fetches()).toBe(3);
    answer(detail, { id: '1', version: 3 });
    expect(hub.peek(detail)).toEqual({ id: '1', version: 3 });
  });
});
