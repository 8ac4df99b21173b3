import { Injectable, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, of } from 'rxjs';
import { NamespacedCache } from 'ngx-cache-hub/core';
import { CacheHubService } from './cache-hub.service';
import { CacheNamespace, cacheNamespaceOf } from './cache-namespace';
import { provideCacheHub } from './provide-cache-hub';

@CacheNamespace('customers')
@Injectable({ providedIn: 'root' })
class InjectFieldService {
  private readonly hub = inject(CacheHubService);
  readonly first$ = this.hub.watch('detail-1');

  save(id: number, name: string) {
    this.hub.set(`detail-${id}`, { id, name });
  }

  load(id: number) {
    return this.hub.fetch(`detail-${id}`, () => of({ id, name: 'fetched' }));
  }
}

@Injectable({ providedIn: 'root' })
@CacheNamespace('orders')
class ConstructorService {
  constructor(private readonly hub: CacheHubService) {}

  save(id: number) {
    this.hub.set(`detail-${id}`, { id });
  }

  keys() {
    return this.hub.keys();
  }
}

@Injectable({ providedIn: 'root' })
class FunctionFormService {
  readonly cache = inject(CacheHubService).namespace('customers');
}

describe('@CacheNamespace', () => {
  let hub: CacheHubService;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideCacheHub()] });
    hub = TestBed.inject(CacheHubService);
  });

  it('makes inject() fields take namespace-relative keys, in field initializers too', async () => {
    const service = TestBed.inject(InjectFieldService);
    service.save(42, 'Ada');
    expect(hub.getValue('customers:detail-42')).toEqual({ id: 42, name: 'Ada' });
    hub.set('customers:detail-1', { id: 1 });
    await expect(firstValueFrom(service.first$)).resolves.toEqual({ id: 1 });
    await expect(firstValueFrom(service.load(7))).resolves.toEqual({ id: 7, name: 'fetched' });
    expect(hub.has('customers:detail-7')).toBe(true);
  });

  it('makes constructor-injected hubs take namespace-relative keys', () => {
    const service = TestBed.inject(ConstructorService);
    service.save(3);
    hub.set('customers:detail-9', {});
    expect(hub.getValue('orders:detail-3')).toEqual({ id: 3 });
    expect(service.keys()).toEqual(['detail-3']);
  });

  it('behaves like the function form', () => {
    TestBed.inject(InjectFieldService).save(5, 'Grace');
    const view = TestBed.inject(FunctionFormService).cache;
    expect(view).toBeInstanceOf(NamespacedCache);
    expect(view.getValue('detail-5')).toEqual({ id: 5, name: 'Grace' });
  });

  it('records the namespace on the class', () => {
    expect(cacheNamespaceOf(InjectFieldService)).toBe('customers');
    expect(cacheNamespaceOf(FunctionFormService)).toBeUndefined();
  });

  it('rejects an invalid namespace when the class is declared', () => {
    expect(() => CacheNamespace('bad:name')).toThrow(/namespace must be a non-empty string without ':'/);
  });
});
