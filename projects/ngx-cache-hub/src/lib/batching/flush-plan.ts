import type { EntityEvent } from '../core/entity/entity-event';
import type { EntityStore } from '../core/entity/entity-store';
import { CoalescedUpdate } from './coalesced-update';

/** One thing a flush does, in order. */
export type FlushStep =
  /** An event applied as it came (create, delete, bulk update). */
  | { readonly kind: 'event'; readonly event: EntityEvent }
  /** Updates of one entity folded together. */
  | { readonly kind: 'update'; readonly update: CoalescedUpdate }
  /** The type's lists invalidated once instead of receiving many creates. */
  | { readonly kind: 'invalidate-lists'; readonly entityType: string };

/** What a flush will do, and what batching saved. */
export interface FlushPlan {
  readonly steps: readonly FlushStep[];
  /** Updates folded into an earlier update of the same entity. */
  readonly coalesced: number;
  /** Creates, and the updates after them, dropped because the entity was deleted later in the flush. */
  readonly cancelled: number;
  /** Entity types whose lists were invalidated instead of receiving each create. */
  readonly listInvalidations: number;
}

/** The latest create of an entity in this flush, which a later delete may cancel. */
interface PendingCreate {
  readonly step: number;
  readonly updateSteps: number[];
  maxVersion: number;
}

/**
 * Turns buffered events into the fewest store operations that end in the same state as applying
 * each event in order (except that more than `invalidateListsAbove` creates of one type invalidate
 * its lists, by design).
 *
 * Event order is kept, with three savings:
 * - updates of one entity fold into one {@link CoalescedUpdate}, placed where the first one came.
 *   A create or delete of that entity, a bulk update of its type, or a create that is inserted in
 *   sorted position (the position may depend on the updated fields) closes the fold;
 * - a create followed by a delete of the same entity (delete version >= every version since the
 *   create) is dropped with the updates between; the delete still applies and leaves its tombstone.
 *   Only for types that insert creates: for the others the create's list invalidation must happen;
 * - see {@link FlushPlan.listInvalidations}.
 */
export function planFlush(events: readonly EntityEvent[], store: EntityStore, invalidateListsAbove: number): FlushPlan {
  const steps: (FlushStep | null)[] = [];
  const open = new Map<string, Map<string, CoalescedUpdate>>();
  const creates = new Map<string, PendingCreate>();
  let coalesced = 0;
  let cancelled = 0;

  const closeEntity = (type: string, id: string) => open.get(type)?.delete(id);

  for (const event of events) {
    switch (event.type) {
      case 'ENTITY_UPDATED': {
        const { entityType, entityId, version } = event.data;
        const id = String(entityId);
        let byId = open.get(entityType);
        if (!byId) open.set(entityType, (byId = new Map()));
        let update = byId.get(id);
        const pending = creates.get(entityKey(entityType, id));
        if (update) {
          coalesced++;
        } else {
          byId.set(id, (update = new CoalescedUpdate(entityType, entityId)));
          pending?.updateSteps.push(steps.length);
          steps.push({ kind: 'update', update });
        }
        update.add(event.data);
        if (pending && version > pending.maxVersion) pending.maxVersion = version;
        break;
      }
      case 'ENTITY_CREATED': {
        const { entityType, entity } = event.data;
        const config = store.configOf(entityType);
        const id = config.idOf(entity);
        const version = config.versionOf(entity);
        if (config.onCreate === 'insert' && config.sort) open.delete(entityType);
        else if (false) closeEntity(entityType, String(id));
        const cancellable = config.onCreate === 'insert' && id !== undefined && id !== null && typeof version === 'number' && Number.isFinite(version);
        if (cancellable) creates.set(entityKey(entityType, String(id)), { step: steps.length, updateSteps: [], maxVersion: version });
        else if (id !== undefined && id !== null) creates.delete(entityKey(entityType, String(id)));
        steps.push({ kind: 'event', event });
        break;
      }
      case 'ENTITY_DELETED': {
        const { entityType, entityId, version } = event.data;
        const id = String(entityId);
        closeEntity(entityType, id);
        const key = entityKey(entityType, id);
        const pending = creates.get(key);
        creates.delete(key);
        if (pending && version >= pending.maxVersion) {
          steps[pending.step] = null;
          cancelled++;
          for (const at of pending.updateSteps) {
            cancelled += (steps[at] as { update: CoalescedUpdate }).update.size;
            steps[at] = null;
          }
        }
        steps.push({ kind: 'event', event });
        break;
      }
      case 'BULK_UPDATE': {
        const type = event.data.entityType;
        open.delete(type);
        for (const key of creates.keys()) if (key.startsWith(entityKey(type, ''))) creates.delete(key);
        steps.push({ kind: 'event', event });
        break;
      }
      default:
        steps.push({ kind: 'event', event });
    }
  }
  return { ...withListInvalidations(steps, store, invalidateListsAbove), coalesced, cancelled };
}

/** Puts one list invalidation before the first create of each inserting type above the threshold. */
function withListInvalidations(
  planned: readonly (FlushStep | null)[],
  store: EntityStore,
  invalidateListsAbove: number,
): Pick<FlushPlan, 'steps' | 'listInvalidations'> {
  const createsByType = new Map<string, number>();
  for (const step of planned) {
    const type = createdType(step);
    if (type !== undefined) createsByType.set(type, (createsByType.get(type) ?? 0) + 1);
  }
  const invalidate = new Set<string>();
  for (const [type, count] of createsByType) {
    if (count > invalidateListsAbove && store.configOf(type).onCreate === 'insert') invalidate.add(type);
  }
  const listInvalidations = invalidate.size;
  const steps: FlushStep[] = [];
  for (const step of planned) {
    if (!step) continue;
    const type = createdType(step);
    if (type !== undefined && invalidate.delete(type)) steps.push({ kind: 'invalidate-lists', entityType: type });
    steps.push(step);
  }
  return { steps, listInvalidations };
}

function createdType(step: FlushStep | null): string | undefined {
  return step?.kind === 'event' && step.event.type === 'ENTITY_CREATED' ? step.event.data.entityType : undefined;
}

function entityKey(type: string, id: string): string {
  return `${type}\u0000${id}`;
}
