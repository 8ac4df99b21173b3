import { isPlatformServer } from '@angular/common';
import { inject, makeStateKey, PLATFORM_ID, provideEnvironmentInitializer, TransferState } from '@angular/core';
import { dehydrate, hydrate, type DehydratedCache, type KeyPattern } from 'ngx-cache-hub/core';
import { CacheHubFeature, CacheHubFeatureKind, makeCacheHubFeature } from './cache-hub-feature';
import { CacheHubRoot } from './cache-hub.service';

/** Options of {@link withTransferState}. */
export interface TransferStateOptions {
  /** Which keys the server sends (a key, a RegExp or a predicate). Default: every key that holds a value. */
  readonly keys?: KeyPattern;
  /** The TransferState key the cache travels under. Default `'ngx-cache-hub'`. */
  readonly stateKey?: string;
}

/**
 * Sends the cache from the server render to the browser: on the server the hub is dehydrated into
 * `TransferState` when the page is serialized; in the browser it is hydrated before anything
 * fetches, so fetches within their `staleTime` are served without a request. Values must survive
 * JSON. SSR already waits for every fetch in flight (a pending task per request, any source).
 *
 * @example provideCacheHub({ staleTime: 30_000 }, withTransferState())
 */
export function withTransferState(options: TransferStateOptions = {}): CacheHubFeature<CacheHubFeatureKind.TransferState> {
  return makeCacheHubFeature(CacheHubFeatureKind.TransferState, [
    provideEnvironmentInitializer(() => {
      const hub = inject(CacheHubRoot);
      const transfer = inject(TransferState);
      const key = makeStateKey<DehydratedCache>(options.stateKey ?? 'ngx-cache-hub');
      if (isPlatformServer(inject(PLATFORM_ID))) {
        transfer.onSerialize(key, () => dehydrate(hub, options));
      } else {
        hydrate(hub, transfer.get(key, null));
        transfer.remove(key);
      }
    }),
  ]);
}
