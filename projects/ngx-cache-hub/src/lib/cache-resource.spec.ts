import { ChangeDetectionStrategy, Component, Injector, input, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject, throwError } from 'rxjs';
import { CacheHubErrorCode } from 'ngx-cache-hub/core';
import { CacheHubService } from './cache-hub.service';
import { cacheResource } from './cache-resource';
import { injectNamespace } from './inject-namespace';
import { provideCacheHub } from './provide-cache-hub';
import { withEntity } from './with-entity';

interface Customer {
  id: string;
  name: string;
  version: number;
}

/** The server: one answer Subject per requested id, so each test decides when (and how) it lands. */
const requests = new Map<string, Subject<Customer>>();
const load = (id: string) => () => {
  const answer = new Subject<Customer>();
  requests.set(id, answer);
  return answer;
};
const answer = (id: string, name: string, version = 1) => {
  requests.get(id)!.next({ id, name, version });
  requests.get(id)!.complete();
};

@Component({
  selector: 'app-customer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (customer.hasValue()) {
      <h1>{{ customer.value().name }}</h1>
    } @else if (customer.status() === 'error') {
      <p role="alert">Could not load customer {{ id() }}</p>
    } @else {
      <p>Loading...</p>
    }
  `,
})
class CustomerPage {
  /** The route param, bound by withComponentInputBinding() in an app. */
  readonly id = input.required<string>();
  readonly customer = cacheResource(() => ({ key: `detail-${this.id()}`, source: load(this.id()) }), { cache: injectNamespace('customers') });
}

describe('cacheResource', () => {
  let hub: CacheHubService;

  beforeEach(() => {
    jest.useFakeTimers();
    requests.clear();
    TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0 }, withEntity('customers'))] });
    hub = TestBed.inject(CacheHubService);
  });

  afterEach(() => jest.useRealTimers());

  it('re-keys when the route param input changes, and releases the old entry', async () => {
    const fixture = TestBed.createComponent(CustomerPage);
    fixture.componentRef.setInput('id', '1');
    fixture.detectChanges();
    expect(fixture.nativeElement.textContent).toContain('Loading...');
    answer('1', 'Ada');
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('h1').textContent).toBe('Ada');

    fixture.componentRef.setInput('id', '2');
    fixture.detectChanges();
    expect(fixture.nativeElement.textContent).toContain('Loading...');
    expect(hub.isObserved('customers:detail-1')).toBe(false);
    answer('2', 'Grace');
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('h1').textContent).toBe('Grace');
    expect(fixture.componentInstance.customer.key()).toBe('detail-2');
  });

  it('is kept live by pushed entity events', async () => {
    const fixture = TestBed.createComponent(CustomerPage);
    fixture.componentRef.setInput('id', '1');
    fixture.detectChanges();
    answer('1', 'Ada');
    hub.entities.applyUpdate({ entityType: 'customers', entityId: '1', changes: { name: 'Ada L.' }, version: 2 });
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('h1').textContent).toBe('Ada L.');
  });

  it('renders an error in the template once the retries are spent, and recovers on reload', async () => {
    const fixture = TestBed.createComponent(CustomerPage);
    fixture.componentRef.setInput('id', '404');
    fixture.detectChanges();
    requests.get('404')!.error({ name: 'HttpErrorResponse', message: 'Http failure response: 404 Not Found', status: 404 });
    fixture.detectChanges();
    const resource = fixture.componentInstance.customer;
    expect(fixture.nativeElement.querySelector('[role=alert]').textContent).toBe('Could not load customer 404');
    expect(resource.status()).toBe('error');
    expect(resource.error()).toMatchObject({ status: 404 });
    expect(() => resource.value()).toThrow(expect.objectContaining({ code: CacheHubErrorCode.ResourceInErrorState, message: expect.stringMatching(/error state/) }));
    expect(resource.snapshot()).toMatchObject({ status: 'error' });

    expect(resource.reload()).toBe(true);
    expect(resource.status()).toBe('loading');
    answer('404', 'Found after all');
    fixture.detectChanges();
    expect(fixture.nativeElement.querySelector('h1').textContent).toBe('Found after all');
  });

  it('follows Angular resource statuses: idle, loading, resolved, reloading', () => {
    const id = signal<string | undefined>(undefined);
    const injector = TestBed.inject(Injector);
    const resource = cacheResource(() => (id() ? { key: `c:detail-${id()}`, source: load(id()!) } : undefined), { injector });
    TestBed.tick();
    expect(resource.status()).toBe('idle');
    expect(resource.reload()).toBe(false);
    id.set('1');
    expect(resource.status()).toBe('loading');
    expect(resource.isLoading()).toBe(true);
    TestBed.tick();
    answer('1', 'Ada');
    expect(resource.status()).toBe('resolved');
    expect(resource.hasValue()).toBe(true);
    expect(resource.isLoading()).toBe(false);
    expect(resource.snapshot()).toEqual({ status: 'resolved', value: { id: '1', name: 'Ada', version: 1 } });
    resource.reload();
    expect(resource.status()).toBe('reloading');
    expect(resource.value()?.name).toBe('Ada');
  });

  it('keeps the previous value while the next key loads when asked to', () => {
    const id = signal('1');
    const injector = TestBed.inject(Injector);
    const kept = cacheResource(() => ({ key: `c:detail-${id()}`, source: load(id()), keepPrevious: true }), { injector });
    const plain = cacheResource(() => ({ key: `c:detail-${id()}`, source: load(id()) }), { injector });
    TestBed.tick();
    answer('1', 'Ada');
    id.set('2');
    TestBed.tick();
    expect(kept.status()).toBe('loading');
    expect(kept.value()?.name).toBe('Ada');
    expect(kept.hasValue()).toBe(true);
    expect(plain.value()).toBeUndefined();
    answer('2', 'Grace');
    expect(kept.value()?.name).toBe('Grace');
  });

  it('memoises select: it runs again only when the cached value changes', () => {
    const select = jest.fn((customer: Customer) => customer.name.toUpperCase());
    const other = signal(0);
    const resource = cacheResource(() => (other(), { key: 'c:detail-1', source: load('1'), select }), { injector: TestBed.inject(Injector) });
    TestBed.tick();
    answer('1', 'Ada');
    expect(resource.value()).toBe('ADA');
    other.set(1);
    TestBed.tick();
    expect(resource.value()).toBe('ADA');
    expect(select).toHaveBeenCalledTimes(1);
    hub.set('c:detail-1', { id: '1', name: 'Grace', version: 2 });
    expect(resource.value()).toBe('GRACE');
    expect(select).toHaveBeenCalledTimes(2);
  });

  it('shares the entry with other readers and serves a fresh value without a request', () => {
    hub.set('c:detail-1', { id: '1', name: 'cached', version: 1 });
    const source = jest.fn(() => throwError(() => new Error('not called')));
    const resource = cacheResource<Customer>(() => ({ key: 'c:detail-1', source, staleTime: 60_000 }), { injector: TestBed.inject(Injector) });
    TestBed.tick();
    expect(resource.value()?.name).toBe('cached');
    expect(source).not.toHaveBeenCalled();
  });

  it('stops observing the entry when its injector is destroyed', () => {
    const resource = cacheResource(() => ({ key: 'c:detail-1', source: load('1') }), { injector: TestBed.inject(Injector) });
    TestBed.tick();
    expect(hub.isObserved('c:detail-1')).toBe(true);
    TestBed.resetTestingModule();
    expect(hub.isObserved('c:detail-1')).toBe(false);
    expect(resource.status()).toBe('loading');
  });

  it('an invalid key is the resource error (NCH106), not an uncaught throw or endless loading', () => {
    const customers = TestBed.runInInjectionContext(() => injectNamespace('customers'));
    const resource = TestBed.runInInjectionContext(() => cacheResource(() => ({ key: 'customers:detail-1', source: load('1') }), { cache: customers }));
    TestBed.tick();
    expect(resource.status()).toBe('error');
    expect((resource.error() as { code?: number } | undefined)?.code ?? (resource.error()?.cause as { code?: number })?.code).toBe(106);
    expect(requests.size).toBe(0);
  });

  it('a namespace view throws NCH106 from fetchState at the call, like every keyed member', () => {
    const customers = TestBed.runInInjectionContext(() => injectNamespace('customers'));
    expect(() => customers.fetchState('customers:detail-1', load('1'))).toThrow(expect.objectContaining({ code: 106 }));
  });

  it('throws NG0203 outside an injection context', () => {
    expect(() => cacheResource(() => ({ key: 'c:1', source: load('1') }))).toThrow(/NG0203/);
  });

  it('narrows with hasValue()', () => {
    const resource = cacheResource(() => ({ key: 'c:detail-1', source: load('1') }), { injector: TestBed.inject(Injector) });
    TestBed.tick();
    answer('1', 'Ada');
    if (resource.hasValue()) {
      const name: string = resource.value().name; // compiles only because hasValue() narrows out undefined
      expect(name).toBe('Ada');
    } else {
      throw new Error('expected a value');
    }
  });
});
