import type { EntityConfig } from 'ngx-cache-hub/core';
import { CacheHubFeature, CacheHubFeatureKind, makeCacheHubFeature } from './cache-hub-feature';
import { CACHE_HUB_ENTITIES } from './tokens';

/**
 * Says how an entity type lives in the hub: details at `type:detail-<id>`, lists at
 * `type:list-<params>`, how to read ids and versions, which lists a created entity joins.
 *
 * @example
 * provideCacheHub(withEntity('products', {
 *   matches: (p: Product, params: { category?: string }) => !params.category || p.category === params.category,
 *   sort: (a: Product, b: Product) => a.name.localeCompare(b.name),
 * }))
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` defaults, as in EntityConfig
export function withEntity<T = any, P = any>(type: string, config: EntityConfig<T, P> = {}): CacheHubFeature<CacheHubFeatureKind.Entity> {
  return makeCacheHubFeature(CacheHubFeatureKind.Entity, [{ provide: CACHE_HUB_ENTITIES, multi: true, useValue: { type, config } }]);
}
