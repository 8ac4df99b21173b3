import { ENTITY_TYPES, isEntityType, type EntityType } from '../store/entity-types';
import { parsePosition, type StreamPosition } from '../stream/stream-position';
import { HttpError } from './http-error';

/** Reads an optional integer query parameter in [min, max]; 400 otherwise. */
export function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) throw new HttpError(400, `query parameter ${name} must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new HttpError(400, `query parameter ${name} must be between ${min} and ${max}`);
  return value;
}

/** Reads an optional `true` / `false` query parameter; 400 otherwise. */
export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw new HttpError(400, `query parameter ${name} must be true or false, got "${raw}"`);
}

/** Reads an optional string query parameter of at most `maxLength` characters. */
export function stringParam(query: URLSearchParams, name: string, maxLength = 200): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (raw.length > maxLength) throw new HttpError(400, `query parameter ${name} is longer than ${maxLength} characters`);
  return raw;
}

/** Reads an optional query parameter that must be one of `allowed`. */
export function enumParam<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new HttpError(400, `query parameter ${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** Reads a comma-separated `types` list of entity types; all types when absent. */
export function entityTypesParam(query: URLSearchParams, name = 'types'): EntityType[] {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return [...ENTITY_TYPES];
  const types = [...new Set(raw.split(',').map((part) => part.trim()))];
  const unknown = types.filter((type) => !isEntityType(type));
  if (unknown.length > 0) {
    throw new HttpError(400, `unknown entity type ${unknown.join(', ')}; use ${ENTITY_TYPES.join(', ')}`);
  }
  return types as EntityType[];
}

/** Reads a stream position given as `since` / `Last-Event-ID` (`<epoch>:<seq>`, or a bare seq in `currentEpoch`); 400 when malformed. */
export function positionParam(raw: string | null | undefined, name: string, currentEpoch: string): StreamPosition | undefined {
  const position = parsePosition(raw ?? '', currentEpoch);
  if (typeof position === 'string') throw new HttpError(400, `${name}: ${position}`);
  return position;
}
