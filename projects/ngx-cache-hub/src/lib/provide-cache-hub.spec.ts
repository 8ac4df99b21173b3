import { TestBed } from '@angular/core/testing';
import { CacheHubError, CacheHubErrorCode } from 'ngx-cache-hub/core';
import { CacheHubFeatureKind, makeCacheHubFeature } from './cache-hub-feature';
import { CacheHubService } from './cache-hub.service';
import { provideCacheHub } from './provide-cache-hub';
import { withEntity } from './with-entity';

describe('provideCacheHub', () => {
  it('provides a CacheHubService configured with the options', () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub({ maxEntries: 1 })] });
    const hub = TestBed.inject(CacheHubService);
    hub.set('a:1', 1);
    hub.set('a:2', 2);
    expect(hub.keys()).toEqual(['a:2']);
  });

  it('accepts features without options and registers entity types', () => {
    TestBed.configureTestingModule({
      providers: [provideCacheHub(withEntity('products', { matches: () => true, sort: (a: any, b: any) => a.id.localeCompare(b.id) }))],
    });
    const hub = TestBed.inject(CacheHubService);
    hub.set('products:list-{}', [{ id: 'b', version: 1 }]);
    hub.entities.applyCreate({ entityType: 'products', entity: { id: 'a', version: 1 } });
    expect(hub.getValue<{ id: string }[]>('products:list-{}')!.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('refuses a feature passed twice, naming it', () => {
    const realtime = makeCacheHubFeature(CacheHubFeatureKind.Realtime, []);
    expect(() => provideCacheHub({}, realtime, realtime)).toThrow(/withRealtime\(\) was passed to provideCacheHub\(\) more than once/);
  });

  it('refuses batching without real-time, naming both', () => {
    const batching = makeCacheHubFeature(CacheHubFeatureKind.Batching, []);
    expect(() => provideCacheHub(batching)).toThrow(CacheHubError);
    try {
      provideCacheHub(batching);
    } catch (error) {
      expect((error as CacheHubError).code).toBe(CacheHubErrorCode.ConflictingFeatures);
      expect((error as Error).message).toContain('withBatching() batches real-time events but withRealtime() is missing');
    }
  });

  it('destroys the hub with its injector', () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub()] });
    const hub = TestBed.inject(CacheHubService);
    hub.set('a:1', 1);
    TestBed.resetTestingModule();
    expect(hub.keys()).toEqual([]);
  });
});
