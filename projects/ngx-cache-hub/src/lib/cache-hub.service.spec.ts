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
    // A namespace view's hub is the same app-facing type, not a way around it.
    const root = hub.namespace('customers').hub;
    expect(root).toBe(hub);
    // @ts-expect-error registerPlugin is not reachable through a view either
    expect(typeof root.registerPlugin).toBe('function');
    // @ts-expect-error the entity store is torn down with the service
    expect(typeof hub.entities.destroy).toBe('function');
    // @ts-expect-error forgetting a type's versions is the live-sync rules' job (a new server epoch)
    expect(typeof hub.namespace('customers').entities.forgetType).toBe('function');
  });

  it('is destroyed with its injector: entries are gone and fetches stop', () => {
    const hub = inject();
    hub.set('customers:detail-1', { id: 1 });
    TestBed.resetTestingModule();
    expect(hub.keys()).toEqual([]);
  });
});
