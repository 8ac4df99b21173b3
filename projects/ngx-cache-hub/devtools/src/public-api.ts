/*
 * Public API of ngx-cache-hub/devtools: an inspector of the cache, its event stream, connection,
 * batcher and offline queue, as a toggleable overlay. Nothing here runs unless imported.
 */

// the framework-free model
export { CacheInspector } from './model/cache-inspector';
export type { EntryDetail } from './model/cache-inspector';
export type { InspectorSources } from './model/inspector-sources';
export type { InspectorOptions } from './model/inspector-options';
export type {
  ChangeCause,
  ConnectionState,
  EntryRow,
  ErrorRecord,
  FlushRecord,
  FollowedTypeState,
  FrameOutcome,
  FrameRecord,
  HistoryRecord,
  InspectorState,
  OfflineState,
  OfflineUserState,
} from './model/inspector-state';
export type { ChangedEntity } from './model/changed-entities';

// angular
export { CacheHubDevtoolsComponent } from './cache-hub-devtools.component';
export { provideCacheHubDevtools } from './provide-cache-hub-devtools';
export { injectCacheInspector } from './inject-cache-inspector';
export { CACHE_HUB_DEVTOOLS_OPTIONS } from './devtools-options';
export type { CacheHubDevtoolsOptions } from './devtools-options';
