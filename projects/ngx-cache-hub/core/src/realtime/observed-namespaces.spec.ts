import { CacheHub } from '../hub/cache-hub';
import { ObservedNamespaces } from './observed-namespaces';

describe('ObservedNamespaces', () => {
  it('reports the first observer of a namespace and the last one leaving', () => {
    const hub = new CacheHub();
    const calls: string[] = [];
    const observed = new ObservedNamespaces(
      hub,
      (ns) => calls.push(`+${ns}`),
      (ns) => calls.push(`-${ns}`),
    );
    const a = hub.watch('products:detail-1').subscribe();
    const b = hub.watch('products:list-{}').subscribe();
    const c = hub.watch('products:list-{}').subscribe();
    const d = hub.watch('orders:detail-1').subscribe();
    hub.watch('plain').subscribe().unsubscribe();
    expect(calls).toEqual(['+products', '+orders']);
    expect(observed.namespaces.sort()).toEqual(['orders', 'products']);
    a.unsubscribe();
    b.unsubscribe();
    expect(calls).toEqual(['+products', '+orders']);
    c.unsubscribe();
    d.unsubscribe();
    expect(calls).toEqual(['+products', '+orders', '-products', '-orders']);
    observed.destroy();
    hub.watch('products:detail-1').subscribe();
    expect(calls).toHaveLength(4);
  });
});
