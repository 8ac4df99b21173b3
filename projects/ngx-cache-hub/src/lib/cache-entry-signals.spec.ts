import { Injector, runInInjectionContext } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { CacheHubService } from './cache-hub.service';
import { provideCacheHub } from './provide-cache-hub';

describe('signal forms', () => {
  let hub: CacheHubService;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideCacheHub({ retry: 0 })] });
    hub = TestBed.inject(CacheHubService);
  });

  afterEach(() => jest.useRealTimers());

  it('throws NG0203 outside an injection context', () => {
    expect(() => hub.watchSignal('a:1')).toThrow(/NG0203/);
  });

  it('works with an explicit injector and follows the entry', () => {
    const value = hub.watchSignal<number>('a:1', { injector: TestBed.inject(Injector) });
    expect(value.value()).toBeUndefined();
    jest.setSystemTime(1234);
    hub.set('a:1', 5);
    expect(value.value()).toBe(5);
    expect(value.updatedAt()).toBe(1234);
  });

  it('fetchSignal reports isFetching, the value and errors without throwing', () => {
    const response = new Subject<string>();
    const entry = runInInjectionContext(TestBed.inject(Injector), () => hub.fetchSignal('a:1', () => response));
    expect(entry.isFetching()).toBe(true);
    response.next('v');
    response.complete();
    expect(entry.value()).toBe('v');
    expect(entry.isFetching()).toBe(false);

    const failing = new Subject<string>();
    const broken = runInInjectionContext(TestBed.inject(Injector), () => hub.fetchSignal('a:2', () => failing));
    failing.error(new Error('down'));
    expect(broken.error()).toEqual(new Error('down'));
  });

  it('namespace views have the same signal forms', () => {
    const view = hub.namespace('customers');
    const entry = view.watchSignal<number>('detail-1', { injector: TestBed.inject(Injector) });
    hub.set('customers:detail-1', 1);
    expect(entry.value()).toBe(1);
  });

  it('stops following the entry when the injector is destroyed', () => {
    const entry = hub.watchSignal<number>('a:1', { injector: TestBed.inject(Injector) });
    hub.set('a:1', 1);
    TestBed.resetTestingModule();
    hub.set('a:1', 2);
    expect(entry.value()).toBe(1);
  });
});
