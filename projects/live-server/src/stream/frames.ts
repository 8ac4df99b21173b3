import type { EntityType } from '../store/entity-types';

/** The body of an entity event, before the event hub gives it an `epoch` and a `seq`. */
type EntityEventBody =
  | {
      type: 'ENTITY_UPDATED';
      data: { entityType: EntityType; entityId: string; changes: Record<string, unknown>; version: number };
    }
  | { type: 'ENTITY_CREATED'; data: { entityType: EntityType; entity: { id: string; version: number } } }
  | { type: 'ENTITY_DELETED'; data: { entityType: EntityType; entityId: string; version: number } }
  | {
      type: 'BULK_UPDATE';
      data: {
        entityType: EntityType;
        updates: Array<{ entityId: string; changes: Record<string, unknown>; version: number }>;
      };
    };

/** An entity event as sent to clients. */
export type EntityEventFrame = { type: EntityEventBody['type']; epoch: string; seq: number } & EntityEventBody;

/**
 * The answer to a SUBSCRIBE that could be served, sent after any replayed frames: every event
 * of `entityType` with a seq above `seq` (the head) follows on this connection.
 */
export interface SubscribedFrame {
  type: 'SUBSCRIBED';
  epoch: string;
  seq: number;
  data: { entityType: EntityType };
}

/**
 * The answer to a SUBSCRIBE whose `since` cannot be served (another epoch, beyond the head,
 * older than the history): refetch that type. It also subscribes from `seq`, the head.
 */
export interface ResyncRequiredFrame {
  type: 'RESYNC_REQUIRED';
  epoch: string;
  seq: number;
  data: { entityType: EntityType };
}

/** Heartbeat carrying the head: everything up to `seq` was sent before it. A WebSocket client answers `{ "type": "PONG" }`. */
export interface PingFrame {
  type: 'PING';
  epoch: string;
  seq: number;
}

/** Reports a client frame the server could not use; the connection stays open. */
export interface ErrorFrame {
  type: 'ERROR';
  data: { message: string };
}

/** A change produced by a store command: an event body and, for private events, its owner. */
export interface ChangeDraft {
  /** The only user allowed to see the event; absent for public events. */
  ownerId?: string;
  entityType: EntityType;
  event: EntityEventBody;
}

/** Builds an ERROR frame. */
export function errorFrame(message: string): ErrorFrame {
  return { type: 'ERROR', data: { message } };
}

/** Builds the SUBSCRIBED or RESYNC_REQUIRED answer to a SUBSCRIBE, at the head `seq`. */
export function subscribeAnswer(type: 'SUBSCRIBED' | 'RESYNC_REQUIRED', entityType: EntityType, epoch: string, seq: number): SubscribedFrame | ResyncRequiredFrame {
  return { type, epoch, seq, data: { entityType } };
}

/** Builds a PING frame at the head `seq`. */
export function pingFrame(epoch: string, seq: number): PingFrame {
  return { type: 'PING', epoch, seq };
}
