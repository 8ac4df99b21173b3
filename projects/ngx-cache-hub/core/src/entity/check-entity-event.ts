import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { describe } from '../hub/cache-key';
import { findForbiddenOwnKey } from '../hub/forbidden-keys';
import { isEntityId, type ResolvedEntityConfig } from './entity-config';
import type { EntityEvent } from './entity-event';
import type { EntityCreate } from './entity-store';

declare const ngDevMode: boolean | undefined;

/**
 * Checks the shape of an event handed to the store or the batcher without the protocol parser:
 * a known `type`, and in `data` an entity type, an id, a finite version and an object of changes
 * (a create's entity is checked when it is applied). Costs a few type checks.
 *
 * @throws CacheHubError `InvalidEntity`, naming the field.
 */
export function checkEntityEvent(event: EntityEvent): void {
  // Typed as an event, but read as whatever the sender gave.
  const given: unknown = event;
  const data = isRecord(given) ? given['data'] : undefined;
  if (!isRecord(data)) throw invalid('data', event);
  switch ((given as Record<string, unknown>)['type']) {
    case 'ENTITY_UPDATED':
      return checkUpdate(data);
    case 'ENTITY_DELETED':
      return checkTarget(data, true);
    case 'ENTITY_CREATED':
      checkTarget(data, false);
      if (!isRecord(data['entity'])) throw invalid('entity', data['entity']);
      return;
    case 'BULK_UPDATE':
      checkTarget(data, false);
      if (!Array.isArray(data['updates'])) throw invalid('updates', data['updates']);
      return;
    default:
      throw invalid('type', (given as Record<string, unknown>)['type']);
  }
}

/**
 * Checks a created entity against its type's config: no prototype key, an id and a finite version.
 *
 * @throws CacheHubError `ForbiddenKey` or `InvalidEntity`.
 */
export function checkCreate(config: ResolvedEntityConfig, create: EntityCreate): void {
  const entity = create.entity;
  const forbidden = isRecord(entity) ? findForbiddenOwnKey(entity) : undefined;
  if (forbidden !== undefined) {
    throw new CacheHubError(
      103 satisfies CacheHubErrorCode.ForbiddenKey,
      (typeof ngDevMode === 'undefined' || ngDevMode) && `A created '${create.entityType}' entity has the key "${forbidden}", which could pollute prototypes`,
    );
  }
  const version = config.versionOf(entity);
  if (!isEntityId(config.idOf(entity)) || typeof version !== 'number' || !Number.isFinite(version)) {
    throw new CacheHubError(
      201 satisfies CacheHubErrorCode.InvalidEntity,
      (typeof ngDevMode === 'undefined' || ngDevMode) && `A created '${create.entityType}' entity needs an id and a finite version`,
    );
  }
}

/** Checks an update's entity type, id, version and changes (see {@link checkEntityEvent}). */
export function checkUpdate(update: { readonly entityType?: unknown; readonly entityId?: unknown; readonly version?: unknown; readonly changes?: unknown }): void {
  checkTarget(update, true);
  if (!isRecord(update.changes)) throw invalid('changes', update.changes);
}

/** Checks an event's entity type and, when `versioned`, its id and finite version. */
export function checkTarget(target: { readonly entityType?: unknown; readonly entityId?: unknown; readonly version?: unknown }, versioned: boolean): void {
  if (typeof target.entityType !== 'string' || target.entityType === '') throw invalid('entityType', target.entityType);
  if (!versioned) return;
  if (!isEntityId(target.entityId)) throw invalid('entityId', target.entityId);
  if (typeof target.version !== 'number' || !Number.isFinite(target.version)) throw invalid('version', target.version);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error for a field of the wrong shape (the text of what it must be is in dev mode only). */
function invalid(field: 'data' | 'type' | 'entityType' | 'entityId' | 'version' | 'changes' | 'entity' | 'updates', got: unknown): CacheHubError {
  return new CacheHubError(
    201 satisfies CacheHubErrorCode.InvalidEntity,
    (typeof ngDevMode === 'undefined' || ngDevMode) &&
      `Invalid entity event: ${
        {
          data: 'it must be an object with a data object',
          type: 'type must be ENTITY_UPDATED, ENTITY_CREATED, ENTITY_DELETED or BULK_UPDATE',
          entityType: 'entityType must be a non-empty string',
          entityId: 'entityId must be a non-empty string or a finite number',
          version: 'version must be a finite number',
          changes: 'changes must be an object',
          entity: 'data.entity must be an object',
          updates: 'data.updates must be an array',
        }[field]
      }, got ${describe(got)}`,
  );
}
