import { ENTITY_TYPES, isEntityType, type EntityType } from '../store/entity-types';
import { positionFromJson, type StreamPosition } from './stream-position';

/** Every frame a client may send. */
type ClientFrame = { type: 'SUBSCRIBE'; entityType: EntityType; since?: StreamPosition } | { type: 'UNSUBSCRIBE'; entityType: EntityType } | { type: 'PONG' };

/** A parsed client frame, or the reason it was refused. */
export type ParsedClientFrame = { ok: true; frame: ClientFrame } | { ok: false; message: string };

/** Parses and validates the text of one client frame; a numeric `since` is read as a seq in `currentEpoch`. */
export function parseClientFrame(text: string, currentEpoch: string): ParsedClientFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'frame is not valid JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'frame must be a JSON object with a "type"' };
  }
  const frame = value as Record<string, unknown>;
  switch (frame['type']) {
    case 'PONG':
      return { ok: true, frame: { type: 'PONG' } };
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE': {
      const entityType = frame['entityType'];
      if (!isEntityType(entityType)) {
        return { ok: false, message: `${frame['type']} needs an entityType, one of ${ENTITY_TYPES.join(', ')}` };
      }
      if (frame['type'] === 'UNSUBSCRIBE') return { ok: true, frame: { type: 'UNSUBSCRIBE', entityType } };
      const since = frame['since'];
      if (since === undefined || since === null) return { ok: true, frame: { type: 'SUBSCRIBE', entityType } };
      const position = positionFromJson(since, currentEpoch);
      if (typeof position === 'string') return { ok: false, message: `SUBSCRIBE ${position}` };
      return { ok: true, frame: { type: 'SUBSCRIBE', entityType, since: position } };
    }
    default:
      return {
        ok: false,
        message: `unknown frame type ${JSON.stringify(frame['type'])?.slice(0, 40) ?? 'undefined'}; expected SUBSCRIBE, UNSUBSCRIBE or PONG`,
      };
  }
}
