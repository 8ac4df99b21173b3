import { Injectable, Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { filter, firstValueFrom, of } from 'rxjs';
import { CacheHubService } from './cache-hub.service';
import { injectNamespace } from './inject-namespace';
import { NamespacedCacheService } from './namespaced-cache.service';
import { provideCacheHub } from './provide-cache-hub';

interface Customer {
  id: string;
  name: string;
}

@Injectable({ providedIn: 'root' })
class CustomersService {
  readonly cache = injectNamespace('customers');
  customer(id: string) {
    return this.cache.fetchState<Customer>(`detail-${id}`, () => of({ id, name: `customer ${id}` }));
  }
}

describe('injectNamespace', () => {
  let hub: CacheHubService;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0 })] });
    hub = TestBed.inject(CacheHubService);
  });

  it('returns a namespace view typed with the signal forms of CacheHubService', async () => {
    const service = TestBed.inject(CustomersService);
    const view: NamespacedCacheService = service.cache;
    const hubTyped: CacheHubService = view; // a view is usable wherever the hub service is
    expect(hubTyped.namespace('customers').name).toBe('customers');

    const state = await firstValueFrom(service.customer('42').pipe(filter((s) => s.status !== 'loading')));
    expect(state.status).toBe('resolved');
    expect(hub.getValue<Customer>('customers:detail-42')?.name).toBe('customer 42');
    const entry = TestBed.runInInjectionContext(() => view.watchSignal<Customer>('detail-42'));
    expect(entry.value()?.name).toBe('customer 42');
  });

  it('reads and writes keys relative to the namespace', () => {
    const customers = TestBed.runInInjectionContext(() => injectNamespace('customers'));
    customers.set('detail-1', { id: '1', name: 'Ada' });
    expect(hub.getValue('customers:detail-1')).toEqual({ id: '1', name: 'Ada' });
    expect(hub.getValue('detail-1')).toBeUndefined();
    expect(customers.peek('detail-1')).toEqual({ id: '1', name: 'Ada' });
    expect(customers.keyOf('detail-1')).toBe('customers:detail-1');
  });

  it('rejects keys and patterns that already name the namespace (NCH106)', () => {
    const customers = TestBed.runInInjectionContext(() => injectNamespace('customers'));
    expect(() => customers.set('customers:detail-1', 1)).toThrow(/NCH106/);
    expect(() => customers.invalidate(/^customers:list-/)).toThrow(/NCH106/);
    expect(() => customers.hub.set('customers:detail-1', 1)).not.toThrow();
  });

  it('invalidates only inside its namespace', () => {
    hub.set('customers:list-a', 1, {});
    hub.set('orders:list-a', 1, {});
    const customers = TestBed.runInInjectionContext(() => injectNamespace('customers'));
    expect(customers.invalidate(/^list-/)).toBe(1);
  });

  it('gives sibling views, the whole hub as hub, and the shared entity store', () => {
    const customers = TestBed.runInInjectionContext(() => injectNamespace('customers'));
    expect(customers.namespace('orders').keyOf('detail-1')).toBe('orders:detail-1');
    expect(customers.hub).toBe(hub);
    expect(customers.entities).toBe(hub.entities);
  });

  it('takes an injector outside an injection context, and throws NG0203 without one', () => {
    expect(injectNamespace('customers', { injector: TestBed.inject(Injector) }).name).toBe('customers');
    expect(() => injectNamespace('customers')).toThrow(/NG0203/);
  });

  it('rejects an invalid namespace name (NCH102)', () => {
    expect(() => injectNamespace('a:b', { injector: TestBed.inject(Injector) })).toThrow(/NCH102/);
  });
});
