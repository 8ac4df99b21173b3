import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { describe } from '../hub/cache-key';
import { FORBIDDEN_KEYS } from '../hub/forbidden-keys';
import { decodeFrame } from './decode-frame';
import type { BulkUpdateEntry, EntityId, ServerFrame, ServerFrameType, WireEntity } from './protocol';

declare const ngDevMode: boolean | undefined;

type Json = Record<string, unknown>;

/**
 * Validates one server frame and returns a fresh copy holding only the protocol's fields.
 * Accepts a JSON string or an already-parsed value; nothing of the input is trusted.
 *
 * @throws CacheHubError `MalformedFrame` (not JSON, not an object, a field missing or of the wrong type,
 * a `seq` or `version` that is not a finite number), `UnknownFrameType`, or `ForbiddenKey` (a `__proto__`,
 * `constructor` or `prototype` key at any depth of `changes`, `entity` or `updates`).
 *
 * @example
 * const frame = parseServerFrame('{"type":"PING","seq":7}'); // { type: 'PING', seq: 7 }
 */
export function parseServerFrame(raw: unknown): ServerFrame {
  const value = decodeFrame(raw);
  try {
    return readFrame(value);
  } catch (error) {
    if (error instanceof CacheHubError) {
      throw error;
    }
    // Only reachable with hostile non-JSON input (throwing getters, proxies).
    throw malformed((typeof ngDevMode === 'undefined' || ngDevMode) && 'the frame could not be read', error);
  }
}

function readFrame(value: unknown): ServerFrame {
  const frame = readRecord(value, 'frame');
  if (typeof frame['type'] !== 'string') {
    throw malformed((typeof ngDevMode === 'undefined' || ngDevMode) && `frame.type must be a string, got ${describe(frame['type'])}`);
  }
  const type = frame['type'] as ServerFrameType;
  const seq = { ...readSeq(frame['seq']), ...readEpoch(frame['epoch']) };
  switch (type) {
    case 'PING':
      return { type, ...seq };
    case 'ENTITY_UPDATED': {
      const data = readRecord(frame['data'], 'data');
      return { type, ...seq, data: { ...readVersionedTarget(data), changes: readSafeRecord(data['changes'], 'data.changes') } };
    }
    case 'ENTITY_CREATED': {
      const data = readRecord(frame['data'], 'data');
      return { type, ...seq, data: { entityType: readEntityType(data), entity: readEntity(data['entity']) } };
    }
    case 'ENTITY_DELETED': {
      return { type, ...seq, data: readVersionedTarget(readRecord(frame['data'], 'data')) };
    }
    case 'BULK_UPDATE': {
      const data = readRecord(frame['data'], 'data');
      const updates = data['updates'];
      if (!Array.isArray(updates)) {
        throw malformed((typeof ngDevMode === 'undefined' || ngDevMode) && `data.updates must be an array, got ${describe(updates)}`);
      }
      return {
        type,
        ...seq,
        data: { entityType: readEntityType(data), updates: updates.map(readBulkUpdateEntry) },
      };
    }
    case 'SUBSCRIBED':
    case 'RESYNC_REQUIRED': {
      const data = readRecord(frame['data'], 'data');
      return { type, ...seq, data: { entityType: readEntityType(data) } };
    }
    default:
      throw new CacheHubError(
        203 satisfies CacheHubErrorCode.UnknownFrameType,
        (typeof ngDevMode === 'undefined' || ngDevMode) &&
          `Dropped a real-time frame of unknown type ${JSON.stringify(type)}. ` +
            'Send one of ENTITY_UPDATED, ENTITY_CREATED, ENTITY_DELETED, BULK_UPDATE, SUBSCRIBED, RESYNC_REQUIRED, PING, or map it with mapMessage.',
      );
  }
}

function readBulkUpdateEntry(value: unknown, index: number): BulkUpdateEntry {
  const path = `data.updates[${index}]`;
  const entry = readRecord(value, path);
  return {
    entityId: readEntityId(entry['entityId'], `${path}.entityId`),
    changes: readSafeRecord(entry['changes'], `${path}.changes`),
    version: readFiniteNumber(entry['version'], `${path}.version`),
  };
}

function readEntity(value: unknown): WireEntity {
  const entity = readSafeRecord(value, 'data.entity');
  readEntityId(entity['id'], 'data.entity.id');
  readFiniteNumber(entity['version'], 'data.entity.version');
  return entity as WireEntity;
}

function readSeq(value: unknown): { seq?: number } {
  return value === undefined ? {} : { seq: readFiniteNumber(value, 'frame.seq') };
}

function readEpoch(value: unknown): { epoch?: string } {
  if (value === undefined) return {};
  if (typeof value === 'string' && value !== '') return { epoch: value };
  throw malformed((typeof ngDevMode === 'undefined' || ngDevMode) && `frame.epoch must be a non-empty string, got ${describe(value)}`);
}

/** The entity an update or delete is about and the version it brings it to. */
function readVersionedTarget(data: Json): { entityType: string; entityId: EntityId; version: number } {
  return { entityType: readEntityType(data), entityId: readEntityId(data['entityId'], 'data.entityId'), version: readFiniteNumber(data['version'], 'data.version') };
}

function readEntityType(data: Json): string {
  const entityType = data['entityType'];
  if (typeof entityType !== 'string' || entityType === '') {
    throw malformed((typeof ngDevMode === 'undefined' || ngDevMode) && `data.entityType must be a non-empty string, got ${describe(entityType)}`);
  }
  return entityType;
}

function readEntityId(value: unknown, path: string): EntityId {
  if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) {
    return value;
  }
  throw malformed((typeof ngDevMode === 'undefined' || ngDevMode) && `${path} must be a non-empty string or a finite number, got ${describe(value)}`);
}

function readFiniteNumber(value: unknown, path: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value;
  }
  throw malformed((typeof ngDevMode === 'undefined' || ngDevMode) && `${path} must be a finite number, got ${describe(value)}`);
}

function readRecord(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed((typeof ngDevMode === 'undefined' || ngDevMode) && `${path} must be an object, got ${describe(value)}`);
  }
  return value as Json;
}

/** A record whose own keys, at any depth, include no prototype-polluting name. */
function readSafeRecord(value: unknown, path: string): Json {
  const record = readRecord(value, path);
  assertNoForbiddenKeys(record, path, new Set());
  return record;
}

function assertNoForbiddenKeys(value: object, path: string, seen: Set<object>): void {
  if (seen.has(value)) {
    return;
  }
  seen.add(value);
  for (const key of Object.getOwnPropertyNames(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      throw new CacheHubError(
        103 satisfies CacheHubErrorCode.ForbiddenKey,
        (typeof ngDevMode === 'undefined' || ngDevMode) &&
          `Dropped a real-time frame with the forbidden key ${JSON.stringify(key)} at ${path}. ` + 'Rename the field on the server, or remove it with mapMessage.',
      );
    }
    const child: unknown = (value as Json)[key];
    if (typeof child === 'object' && child !== null) {
      assertNoForbiddenKeys(child, `${path}.${key}`, seen);
    }
  }
}

function malformed(what: string | boolean, cause?: unknown): CacheHubError {
  return new CacheHubError(
    202 satisfies CacheHubErrorCode.MalformedFrame,
    (typeof ngDevMode === 'undefined' || ngDevMode) &&
      `Dropped a malformed real-time frame: ${what}. Send frames that follow docs/realtime-transports.md, or adapt them with mapMessage.`,
    cause === undefined ? undefined : { cause },
  );
}
