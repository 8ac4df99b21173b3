/*
 * The framework-free core: what ngx-cache-hub exports from core/, and what the other layers share.
 * The benchmark runs it in plain Node.
 */

// core: the framework-free hub
export { CacheHub } from './cache-hub';
export type { FetchSource, SetOptions, InvalidateOptions } from './cache-hub';
export { CacheHubError, CacheHubErrorCode } from './cache-hub-error';
export type { CacheHubOptions, FetchPolicy, RetryPolicy } from './cache-hub-options';
export type { CacheEntryState } from './cache-entry-state';
export type { CacheStats } from './cache-stats';
export type { KeyPattern } from './key-pattern';
export { NamespacedCache } from './namespaced-cache';
export { exponentialBackoff } from './retry-delay';
export type { BackoffOptions, RetryDelay } from './retry-delay';
export { applyOptimistic } from './optimistic-layers';
export type { OptimisticChange, OptimisticEdit, OptimisticHandle } from './optimistic-change';

export { fetchState } from './fetch-state';
export type { StatefulCache } from './fetch-state';
export { RefetchScheduler } from './freshness/refetch-scheduler';
export { invalidateOnSuccess } from './freshness/invalidate-on-success';
export type { Invalidatable } from './freshness/invalidate-on-success';

export { formatStreamPosition, parseStreamPosition, streamPositionOf, withStreamPosition } from './stream-position';
export type { StreamPosition } from './stream-position';

// core: entities
export { EntityStore } from './entity/entity-store';
export type { EntityCreate, EntityDelete, EntityUpdate } from './entity/entity-store';
export type { EntityConfig, EntityId } from './entity/entity-config';
export type { EntityEvent, BulkEntityUpdate } from './entity/entity-event';
export { detailKey, listKey } from './entity/entity-key';
export type { ListValue } from './entity/list-value';

// Internal: shared with the ngx-cache-hub/realtime and ngx-cache-hub/offline entry points. Not part of the public API.
export { describe as ɵdescribe, namespaceOf as ɵnamespaceOf } from './cache-key';
export { FORBIDDEN_KEYS as ɵFORBIDDEN_KEYS, findForbiddenOwnKey as ɵfindForbiddenOwnKey } from './forbidden-keys';
