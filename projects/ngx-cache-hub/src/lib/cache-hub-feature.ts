import type { EnvironmentProviders, Provider } from '@angular/core';

/** The kinds of feature `provideCacheHub` accepts. */
export enum CacheHubFeatureKind {
  Entity,
  Realtime,
  Batching,
  OfflineSync,
  TransferState,
}

/** A feature of `provideCacheHub`, made by one of the `withX()` functions. */
export interface CacheHubFeature<K extends CacheHubFeatureKind = CacheHubFeatureKind> {
  readonly ɵkind: K;
  readonly ɵproviders: (Provider | EnvironmentProviders)[];
}

/** Builds a feature object; used by every `withX()` function. */
export function makeCacheHubFeature<K extends CacheHubFeatureKind>(kind: K, providers: (Provider | EnvironmentProviders)[]): CacheHubFeature<K> {
  return { ɵkind: kind, ɵproviders: providers };
}

/** Whether a `provideCacheHub` argument is a feature rather than the options object. */
export function isCacheHubFeature(value: unknown): value is CacheHubFeature {
  return typeof value === 'object' && value !== null && 'ɵkind' in value && 'ɵproviders' in value;
}
