import { TestBed } from '@angular/core/testing';
import { CacheHubService, provideCacheHub } from 'ngx-cache-hub';
import { OfflineSyncService } from 'ngx-cache-hub/offline';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';

describe('a service injected without its provider', () => {
  it('throws NCH400 naming the provider function, not a bare NG0201', () => {
    expect(() => TestBed.inject(CacheHubService)).toThrow(/NCH400: CacheHubService was injected, but provideCacheHub\(\) is not in the providers/);
  });

  it('names the missing feature when the hub is there but the feature is not', () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub()] });
    expect(TestBed.inject(CacheHubService).keys()).toEqual([]);
    expect(() => TestBed.inject(RealtimeCacheService)).toThrow(/NCH400: RealtimeCacheService was injected, but withRealtime\(\)/);
    expect(() => TestBed.inject(OfflineSyncService)).toThrow(/NCH400: OfflineSyncService was injected, but withOfflineSync\(\)/);
  });
});
