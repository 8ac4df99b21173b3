import type { EntityCreate, EntityDelete, EntityUpdate } from './entity-store';

/** One change of a bulk update. */
export type BulkEntityUpdate = Omit<EntityUpdate, 'entityType'>;

/** The entity events of the wire protocol, as the store applies them (`seq` is the stream position). */
export type EntityEvent =
  | { readonly type: 'ENTITY_UPDATED'; readonly seq?: number; readonly data: EntityUpdate }
  | { readonly type: 'ENTITY_CREATED'; readonly seq?: number; readonly data: EntityCreate }
  | { readonly type: 'ENTITY_DELETED'; readonly seq?: number; readonly data: EntityDelete }
  | { readonly type: 'BULK_UPDATE'; readonly seq?: number; readonly data: { readonly entityType: string; readonly updates: readonly BulkEntityUpdate[] } };
