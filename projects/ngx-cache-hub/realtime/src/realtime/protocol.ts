/**
 * The wire protocol between an ngx-cache-hub client and a server (see docs/realtime-transports.md).
 * Frames are JSON objects; `seq` is the server's position in its event stream, one increasing
 * counter across all entity types (gaps allowed), used to resume after a reconnect
 * (`SUBSCRIBE.since`, SSE `Last-Event-ID`, polling `since`).
 */

/** An entity's id as the server sends it. */
export type EntityId = string | number;

/** Fields shared by every server frame. */
interface ServerFrameBase<T extends string> {
  readonly type: T;
  /** Position in the server's event stream; absent when the server does not number its events. */
  readonly seq?: number;
}

/** Some fields of one entity changed; `changes` holds only those fields. */
export interface EntityUpdatedFrame extends ServerFrameBase<'ENTITY_UPDATED'> {
  readonly data: {
    readonly entityType: string;
    readonly entityId: EntityId;
    readonly changes: Readonly<Record<string, unknown>>;
    readonly version: number;
  };
}

/** A whole entity, as the server stores it, with at least an `id` and a `version`. */
export interface WireEntity {
  readonly id: EntityId;
  readonly version: number;
  readonly [field: string]: unknown;
}

/** A new entity exists. */
export interface EntityCreatedFrame extends ServerFrameBase<'ENTITY_CREATED'> {
  readonly data: { readonly entityType: string; readonly entity: WireEntity };
}

/** An entity was deleted; `version` is its tombstone version. */
export interface EntityDeletedFrame extends ServerFrameBase<'ENTITY_DELETED'> {
  readonly data: { readonly entityType: string; readonly entityId: EntityId; readonly version: number };
}

/** One entry of a `BULK_UPDATE`. */
export interface BulkUpdateEntry {
  readonly entityId: EntityId;
  readonly changes: Readonly<Record<string, unknown>>;
  readonly version: number;
}

/** Many entities of one type changed at once. */
export interface BulkUpdateFrame extends ServerFrameBase<'BULK_UPDATE'> {
  readonly data: { readonly entityType: string; readonly updates: readonly BulkUpdateEntry[] };
}

/** The server cannot replay what the client missed: the type's cached data must be refetched. */
export interface ResyncRequiredFrame extends ServerFrameBase<'RESYNC_REQUIRED'> {
  readonly data: { readonly entityType: string };
}

/** A heartbeat; a two-way client answers with `PONG`. */
export type PingFrame = ServerFrameBase<'PING'>;

/** The four frames that carry entity changes. */
export type EntityEventFrame = EntityUpdatedFrame | EntityCreatedFrame | EntityDeletedFrame | BulkUpdateFrame;

/** Every frame a server may send. */
export type ServerFrame = EntityEventFrame | ResyncRequiredFrame | PingFrame;

/** The `type` of a server frame. */
export type ServerFrameType = ServerFrame['type'];

/** Start receiving one entity type's events; `since` asks the server to replay events after that seq. */
export interface SubscribeFrame {
  readonly type: 'SUBSCRIBE';
  readonly entityType: string;
  readonly since?: number;
}

/** Stop receiving one entity type's events. */
export interface UnsubscribeFrame {
  readonly type: 'UNSUBSCRIBE';
  readonly entityType: string;
}

/** The answer to a `PING`; echoes its `seq` when it had one. */
export interface PongFrame {
  readonly type: 'PONG';
  readonly seq?: number;
}

/** Every frame a client may send. */
export type ClientFrame = SubscribeFrame | UnsubscribeFrame | PongFrame;

export type { ConnectionStatus } from 'ngx-cache-hub';
