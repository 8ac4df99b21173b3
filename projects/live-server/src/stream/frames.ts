import type { EntityType } from '../store/entity-types';

/** The body of an entity event, before the event hub gives it a `seq`. */
export type EntityEventBody =
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
export type EntityEventFrame = EntityEventBody & { seq: number };

/**
 * Tells the client that events of `entityType` it asked for are no longer retained: it must
 * refetch that type. `seq` is the latest seq at the time, from which it may resume.
 */
export interface ResyncRequiredFrame {
  type: 'RESYNC_REQUIRED';
  seq: number;
  data: { entityType: EntityType };
}

/** Heartbeat; a WebSocket client answers with `{ "type": "PONG" }`. */
export interface PingFrame {
  type: 'PING';
}

/** Reports a client frame the server could not use; the connection stays open. */
export interface ErrorFrame {
  type: 'ERROR';
  data: { message: string };
}

/** Every frame the server sends. */
export type ServerFrame = EntityEventFrame | ResyncRequiredFrame | PingFrame | ErrorFrame;

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

/** Builds a RESYNC_REQUIRED frame. */
export function resyncFrame(entityType: EntityType, latestSeq: number): ResyncRequiredFrame {
  return { type: 'RESYNC_REQUIRED', seq: latestSeq, data: { entityType } };
}

/** The PING frame. */
export const PING_FRAME: PingFrame = { type: 'PING' };
