import { TestBed } from '@angular/core/testing';
import { CacheHub } from 'ngx-cache-hub/core';
import { CacheHubService, provideCacheHub, withEntity } from 'ngx-cache-hub';

describe('CacheHubService', () => {
  const inject = () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub(withEntity('customers'))] });
    return TestBed.inject(CacheHubService);
  };

  it('is the core hub at runtime, with the entity types of provideCacheHub registered', () => {
    const hub = inject();
    expect(hub).toBeInstanceOf(CacheHub);
    expect(hub).toBeInstanceOf(CacheHubService);
    hub.set('customers:detail-1', { id: 1, name: 'Ada', version: 1 });
    hub.entities.applyUpdate({ entityType: 'customers', entityId: 1, changes: { name: 'Grace' }, version: 2 });
    expect(hub.peek('customers:detail-1')).toEqual({ id: 1, name: 'Grace', version: 2 });
  });

  it('types only the app-facing API: the plugin wiring of the core hub is not part of it', () => {
    const hub = inject();
    // @ts-expect-error registerPlugin is for features, not apps
    expect(typeof hub.registerPlugin).toBe('function');
    // @ts-expect-error recompute is for plugins
    expect(typeof hub.recompute).toBe('function');
    // @ts-expect-error the root service is destroyed with its injector, never by the app
    expect(typeof hub.destroy).toBe('function');
    expect(hub.namespace('customers').keyOf('detail-1')).toBe('customers:detail-1');
  });

  it('is destroyed with its injector: entries are gone and fetches stop', () => {
    const hub = inject();
    hub.set('customers:detail-1', { id: 1 });
    TestBed.resetTestingModule();
    expect(hub.keys()).toEqual([]);
  });
});
