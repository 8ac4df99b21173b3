import { of } from 'rxjs';
import { CacheHub } from './cache-hub';
import { CacheHubError } from './cache-hub-error';
import { applyOptimistic } from './apply-optimistic';

describe('applyOptimistic', () => {
  let hub: CacheHub;

  beforeEach(() => {
    jest.useFakeTimers();
    hub = new CacheHub({ retry: 0 });
  });

  afterEach(() => {
    hub.destroy();
    jest.useRealTimers();
  });

  it('shows base plus layers and keeps real-time writes when a layer rolls back', () => {
    hub.set('p:1', { stock: 10, name: 'a' });
    const layer = applyOptimistic(hub, [{ key: 'p:1', update: (p: any) => ({ ...p, stock: p.stock - 1 }) }]);
    expect(hub.getValue('p:1')).toEqual({ stock: 9, name: 'a' });
    expect(hub.peek('p:1')).toEqual({ stock: 10, name: 'a' });
    hub.set('p:1', { stock: 10, name: 'b' });
    expect(hub.getValue('p:1')).toEqual({ stock: 9, name: 'b' });
    layer.rollback();
    expect(hub.getValue('p:1')).toEqual({ stock: 10, name: 'b' });
  });

  it('rolls back one layer without touching the others, and settles once', () => {
    hub.set('c:1', 0);
    const plusOne = applyOptimistic(hub, [{ key: 'c:1', update: (n: any) => n + 1 }]);
    applyOptimistic(hub, [{ key: 'c:1', update: (n: any) => n * 10 }]);
    expect(hub.getValue('c:1')).toBe(10);
    plusOne.rollback();
    expect(hub.getValue('c:1')).toBe(0);
    plusOne.commit();
    expect(hub.getValue('c:1')).toBe(0);
  });

  it('shows a created value on a key that held nothing, and removes it on rollback', () => {
    const seen: unknown[] = [];
    hub.watch('p:new').subscribe((value) => seen.push(value));
    const layer = applyOptimistic(hub, [{ key: 'p:new', update: () => ({ id: 'new' }) }]);
    expect(hub.has('p:new')).toBe(true);
    layer.rollback();
    expect(seen).toEqual([undefined, { id: 'new' }, undefined]);
  });

  it('gives each observer one notification for a change that edits its key twice', () => {
    hub.set('c:1', 1);
    const seen: unknown[] = [];
    const other: unknown[] = [];
    hub.watch('c:1').subscribe((value) => seen.push(value));
    hub.watch('c:2').subscribe((value) => other.push(value));
    applyOptimistic(hub, [
      { key: 'c:1', update: (n: any) => n + 1 },
      { key: 'c:1', update: (n: any) => n + 1 },
      { key: 'c:2', update: () => 5 },
    ]);
    expect(seen).toEqual([1, 3]);
    expect(other).toEqual([undefined, 5]);
  });

  it('keeps a layer over an entry that was collected and fetched again', async () => {
    hub = new CacheHub({ retry: 0, gcTime: 1000 });
    hub
      .fetch('p:1', () => of({ stock: 10 }))
      .subscribe()
      .unsubscribe();
    applyOptimistic(hub, [{ key: 'p:1', update: (p: any) => ({ ...p, stock: p.stock - 1 }) }]);
    await jest.advanceTimersByTimeAsync(2000);
    expect(hub.stats().entries).toBe(0);
    const seen: unknown[] = [];
    hub.fetch('p:1', () => of({ stock: 20 })).subscribe((value) => seen.push(value));
    expect(seen).toEqual([{ stock: 19 }]);
  });

  it('leaves no entry behind when a layer over a collected entry settles', async () => {
    hub = new CacheHub({ retry: 0, gcTime: 1000 });
    hub.set('p:1', { stock: 10 });
    const layer = applyOptimistic(hub, [{ key: 'p:1', update: (p: any) => ({ ...p, stock: p.stock - 1 }) }]);
    await jest.advanceTimersByTimeAsync(2000);
    layer.rollback();
    expect(hub.stats().entries).toBe(0);
    expect(hub.has('p:1')).toBe(false);
  });

  it('keeps layers through clear() and drops them with destroy()', () => {
    hub.set('c:1', 1);
    applyOptimistic(hub, [{ key: 'c:1', update: (n: any) => n + 1 }]);
    hub.clear();
    hub.set('c:1', 10);
    expect(hub.getValue('c:1')).toBe(11);
    hub.destroy();
    hub.set('c:1', 50);
    expect(hub.getValue('c:1')).toBe(50);
  });

  it('skips an edit that throws on the value it meets, and never fails the write', () => {
    applyOptimistic(hub, [{ key: 'p:1', update: (p: any) => ({ ...p, stock: p.stock - 1 }) }]);
    expect(hub.getValue('p:1')).toBeUndefined();
    expect(() => hub.set('p:1', { stock: 3 })).not.toThrow();
    expect(hub.getValue('p:1')).toEqual({ stock: 2 });
  });

  it('refuses a change with a bad key and applies none of its edits', () => {
    hub.set('c:1', 1);
    expect(() =>
      applyOptimistic(hub, [
        { key: 'c:1', update: (n: any) => n + 1 },
        { key: '', update: () => 0 },
      ]),
    ).toThrow(CacheHubError);
    expect(hub.getValue('c:1')).toBe(1);
  });

  it('keeps the layers of one hub away from another', () => {
    const other = new CacheHub();
    other.set('c:1', 1);
    hub.set('c:1', 1);
    applyOptimistic(hub, [{ key: 'c:1', update: (n: any) => n + 1 }]);
    expect(other.getValue('c:1')).toBe(1);
    other.destroy();
  });
});
