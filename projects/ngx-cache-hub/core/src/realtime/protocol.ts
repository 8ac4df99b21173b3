/**
 * The wire protocol between an ngx-cache-hub client and a server (see docs/realtime-transports.md).
 * Frames are JSON objects. `seq` numbers the server's events within one history, named by `epoch`:
 * a resume cursor (`SUBSCRIBE.since`, SSE `Last-Event-ID`, polling `since`) and a duplicate
 * detector, never an order (versions order changes).
 */
import type { StreamPosition } from '../hub/stream-position';

/** An entity's id as the server sends it. */
export type { EntityId } from '../entity/entity-config';
import type { EntityId } from '../entity/entity-config';

/** Fields shared by every server frame. */
interface ServerFrameBase<T extends string> {
  readonly type: T;
  /** Position in the server's event stream; absent when the server does not number its events. */
  readonly seq?: number;
  /** The history `seq` counts in; absent when the server does not name it. */
  readonly epoch?: string;
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

/**
 * The answer to a SUBSCRIBE the server could serve, sent after what it replayed: every event of
 * the type after `seq` will be delivered on this connection.
 */
export interface SubscribedFrame extends ServerFrameBase<'SUBSCRIBED'> {
  readonly data: { readonly entityType: string };
}

/**
 * The answer to a SUBSCRIBE the server cannot replay (another epoch, a cursor beyond its head or
 * older than its history): the type's cached data must be refetched. The type is subscribed from `seq` on.
 */
export interface ResyncRequiredFrame extends ServerFrameBase<'RESYNC_REQUIRED'> {
  readonly data: { readonly entityType: string };
}

/** A heartbeat with the server's head; a two-way client answers with `PONG`. */
export type PingFrame = ServerFrameBase<'PING'>;

/** The four frames that carry entity changes. */
export type EntityEventFrame = EntityUpdatedFrame | EntityCreatedFrame | EntityDeletedFrame | BulkUpdateFrame;

/** Every frame a server may send. */
export type ServerFrame = EntityEventFrame | SubscribedFrame | ResyncRequiredFrame | PingFrame;

/** The `type` of a server frame. */
export type ServerFrameType = ServerFrame['type'];

/** Start receiving one entity type's events; `since` asks the server to replay the events after that position first. */
export interface SubscribeFrame {
  readonly type: 'SUBSCRIBE';
  readonly entityType: string;
  readonly since?: StreamPosition;
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

/**
 * The state of the real-time connection: `connecting` while a connection is being opened,
 * `connected` once it is open, `disconnected` when there is none (idle, or waiting to reconnect),
 * `offline` while the network is known to be down.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'offline';
