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
} from './realtime/protocol';
export { parseServerFrame } from './realtime/parse-server-frame';
export type { RealtimeTransport, TransportSession, RealtimeTransportFactory } from './realtime/realtime-transport';
export { webSocketTransport } from './realtime/websocket-transport';
export type { WebSocketTransportOptions } from './realtime/websocket-transport';
export { sseTransport } from './realtime/sse-transport';
export type { SseTransportOptions, EventSourceLike } from './realtime/sse-transport';
export { SseMessage } from './realtime/sse-message';
export { fetchSseTransport } from './realtime/fetch-sse-transport';
export type { FetchSseTransportOptions } from './realtime/fetch-sse-transport';
export { pollingTransport } from './realtime/polling-transport';
export type { PollingTransportOptions, PollingResponse } from './realtime/polling-transport';
export { RealtimeClient } from './realtime/realtime-client';
export type { RealtimeClientOptions, SubscriptionAck } from './realtime/realtime-client';
export type { MessageMapper, MessageMeta } from './realtime/frame-reader';
export { LiveSync } from './realtime/live-sync';
export type { LiveSyncOptions, EntityEventSink } from './realtime/live-sync';
export type { ReconnectOptions } from './realtime/backoff-delay';

// batching
export { UpdateBatcher } from './batching/update-batcher';
export type { BatchingOptions } from './batching/batching-options';
export type { BatchScheduler } from './batching/batch-scheduler';
export { timerScheduler } from './batching/timer-scheduler';
export { frameScheduler } from './batching/frame-scheduler';
export type { FrameSchedulerOptions } from './batching/frame-scheduler';
export type { BatcherStats } from './batching/batcher-stats';

// angular
export { withRealtime } from './angular/with-realtime';
export { RealtimeCacheService } from './angular/realtime-cache.service';
export type { RealtimeOptions } from './angular/realtime-options';
export { withBatching } from './angular/with-batching';
export { REALTIME_OPTIONS } from './angular/realtime-options';
export { streamPositionInterceptor, STREAM_POSITION_HEADER } from './angular/stream-position-interceptor';
