/*
 * Public API of ngx-cache-hub/realtime: versioned entity updates over WebSocket, SSE or polling, and batching.
 */

// real-time: protocol, transports, connection
export type {
  ServerFrame,
  EntityEventFrame,
  EntityUpdatedFrame,
  EntityCreatedFrame,
  EntityDeletedFrame,
  BulkUpdateFrame,
  ResyncRequiredFrame,
  SubscribedFrame,
  PingFrame,
  ClientFrame,
  SubscribeFrame,
  UnsubscribeFrame,
  PongFrame,
  ConnectionStatus,
  WireEntity,
  BulkUpdateEntry,
  ServerFrameType,
} from 'ngx-cache-hub/core';
export { parseServerFrame } from 'ngx-cache-hub/core';
export type { RealtimeTransport, TransportSession, RealtimeTransportFactory } from 'ngx-cache-hub/core';
export { webSocketTransport } from 'ngx-cache-hub/core';
export type { WebSocketTransportOptions } from 'ngx-cache-hub/core';
export { sseTransport } from 'ngx-cache-hub/core';
export type { SseTransportOptions, EventSourceLike } from 'ngx-cache-hub/core';
export { SseMessage } from 'ngx-cache-hub/core';
export { fetchSseTransport } from 'ngx-cache-hub/core';
export type { FetchSseTransportOptions } from 'ngx-cache-hub/core';
export { pollingTransport } from 'ngx-cache-hub/core';
export type { PollingTransportOptions, PollingResponse } from 'ngx-cache-hub/core';
export { RealtimeClient } from 'ngx-cache-hub/core';
export type { RealtimeClientOptions, SubscriptionAck } from 'ngx-cache-hub/core';
export type { MessageMapper, MessageMeta } from 'ngx-cache-hub/core';
export { LiveSync } from 'ngx-cache-hub/core';
export type { LiveSyncOptions, EntityEventSink } from 'ngx-cache-hub/core';

// batching
export { UpdateBatcher } from 'ngx-cache-hub/core';
export type { BatchingOptions } from 'ngx-cache-hub/core';
export type { BatchScheduler } from 'ngx-cache-hub/core';
export { timerScheduler } from 'ngx-cache-hub/core';
export { frameScheduler } from 'ngx-cache-hub/core';
export type { FrameSchedulerOptions } from 'ngx-cache-hub/core';
export type { BatcherStats } from 'ngx-cache-hub/core';

// angular
export { withRealtime } from './with-realtime';
export { RealtimeCacheService } from './realtime-cache.service';
export type { RealtimeOptions } from './realtime-options';
export { withBatching } from './with-batching';
export { REALTIME_OPTIONS } from './realtime-options';
export { streamPositionInterceptor, STREAM_POSITION_HEADER } from './stream-position-interceptor';

// internal, for ngx-cache-hub/devtools: may change in any release
export { ENTITY_EVENT_SINK as ɵENTITY_EVENT_SINK } from './entity-event-sink';
