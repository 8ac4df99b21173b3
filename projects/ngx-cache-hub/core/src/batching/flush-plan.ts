import type { EntityDelete, EntityStore } from '../entity/entity-store';
import type { EntityEvent } from '../entity/entity-event';
import { CoalescedUpdate } from './coalesced-update';

/** One thing a flush does, in order. */
export type FlushStep =
  /** An event applied as it came (create, delete, bulk update: a bulk update invalidates, which commutes with updates). */
  | { readonly kind: 'event'; readonly event: EntityEvent }
  /** Updates of one entity folded together. */
  | { readonly kind: 'update'; readonly update: CoalescedUpdate }
  /**
   * A create whose entity is deleted later in the flush: the delete is tried first, and when the
   * store accepts it the create and the `dependents` (updates between the two) are dropped.
   */
  | {
      readonly kind: 'short-lived-create';
      readonly create: EntityEvent;
      readonly deletion: EntityDelete;
      readonly dependents: readonly CoalescedUpdate[];
      readonly repeats: readonly RepeatedCreate[];
    }
  /** Updates of an entity that a later delete in the flush ends: the delete is tried first, and when the store takes it the updates are dropped. */
  | { readonly kind: 'moot-update'; readonly update: CoalescedUpdate; readonly deletion: EntityDelete }
  /** A create of an entity created earlier in the flush (a repeat, a replay): dropped with that create when it is cancelled. */
  | RepeatedCreate
  /** The type's lists invalidated once instead of receiving many creates. */
  | { readonly kind: 'invalidate-lists'; readonly entityType: string };

/** See {@link FlushStep}. */
export interface RepeatedCreate {
  readonly kind: 'repeated-create';
  readonly event: EntityEvent;
}

/** What a flush will do, and what batching saved. */
export interface FlushPlan {
  readonly steps: readonly FlushStep[];
  /** Updates folded into an earlier update of the same entity. */
  readonly coalesced: number;
  /** Entity types whose lists were invalidated instead of receiving each create. */
  readonly listInvalidations: number;
}

/** The latest create of an entity in this flush, which a later delete may cancel. */
interface PendingCreate {
  readonly step: number;
  readonly dependents: CoalescedUpdate[];
  /** Later creates of the same entity, at their own steps. */
  readonly repeats: RepeatedCreate[];
  maxVersion: number;
}

/** Per entity type, per entity id. */
type ByEntity<T> = Map<string, Map<string, T>>;

/**
 * Turns buffered events into the fewest store operations that end in the same state as applying
 * each event in order (except that more than `invalidateListsAbove` creates of one type invalidate
 * its lists, by design).
 *
 * Event order is kept, with three savings:
 * - updates of one entity fold into one {@link CoalescedUpdate}, placed where the first one came.
 *   A create or delete of that entity, or a create of its type inserted in sorted position (the
 *   position may depend on the updated fields) closes the fold;
 * - a create followed by a delete of the same entity (delete version >= every version since the
 *   create) becomes a {@link FlushStep} `short-lived-create`: whether the store accepts the delete
 *   depends on versions it knows from earlier flushes, so that is decided when the flush runs.
 *   Only for types that insert creates (for the others the create's list invalidation must
 *   happen), and not across a sorted create of the type, whose position may depend on this entity;
 * - see {@link FlushPlan.listInvalidations}.
 */
export function planFlush(events: readonly EntityEvent[], store: EntityStore, invalidateListsAbove: number): FlushPlan {
  const steps: FlushStep[] = [];
  const open: ByEntity<CoalescedUpdate> = new Map();
  const creates: ByEntity<PendingCreate> = new Map();
  let coalesced = 0;

  for (const event of events) {
    switch (event.type) {
      case 'ENTITY_UPDATED': {
        const { entityType, entityId, version } = event.data;
        const id = String(entityId);
        const openOfType = ofType(open, entityType);
        const pending = creates.size > 0 ? creates.get(entityType)?.get(id) : undefined;
        let update = openOfType.get(id);
        if (update) {
          coalesced++;
        } else {
          openOfType.set(id, (update = new CoalescedUpdate(entityType, entityId, steps.length)));
          pending?.dependents.push(update);
          steps.push({ kind: 'update', update });
        }
        update.add(event.data);
        if (pending && version > pending.maxVersion) pending.maxVersion = version;
        break;
      }
      case 'ENTITY_CREATED': {
        const { entityType, entity } = event.data;
        const config = store.configOf(entityType);
        const rawId = config.idOf(entity);
        const version = config.versionOf(entity);
        const earlier = rawId === undefined || rawId === null ? undefined : creates.get(entityType)?.get(String(rawId));
        if (config.onCreate === 'insert' && config.sort) {
          open.delete(entityType);
          creates.delete(entityType);
        }
        if (rawId !== undefined && rawId !== null) {
          const id = String(rawId);
          open.get(entityType)?.delete(id);
          const cancellable = config.onCreate === 'insert' && typeof version === 'number' && Number.isFinite(version);
          if (cancellable && earlier) {
            // The entity is created again before a delete: a delete that cancels the first cancels this one too.
            const repeat: RepeatedCreate = { kind: 'repeated-create', event };
            earlier.repeats.push(repeat);
            if (version > earlier.maxVersion) earlier.maxVersion = version;
            ofType(creates, entityType).set(id, earlier);
            steps.push(repeat);
            break;
          }
          if (cancellable) ofType(creates, entityType).set(id, { step: steps.length, dependents: [], repeats: [], maxVersion: version });
          else creates.get(entityType)?.delete(id);
        }
        steps.push({ kind: 'event', event });
        break;
      }
      case 'ENTITY_DELETED': {
        const { entityType, entityId, version } = event.data;
        const id = String(entityId);
        const fold = open.get(entityType)?.get(id);
        open.get(entityType)?.delete(id);
        const pending = creates.get(entityType)?.get(id);
        creates.get(entityType)?.delete(id);
        if (pending && version >= pending.maxVersion) {
          // Tried at the create's place, the delete has no effect here, whether it won or not.
          const create = (steps[pending.step] as { event: EntityEvent }).event;
          steps[pending.step] = { kind: 'short-lived-create', create, deletion: event.data, dependents: pending.dependents, repeats: pending.repeats };
        } else if (fold && !pending && version >= fold.version) {
          // Only events of other entities came since the fold began: the delete may move there.
          steps[fold.step] = { kind: 'moot-update', update: fold, deletion: event.data };
        } else {
          steps.push({ kind: 'event', event });
        }
        break;
      }
      default:
        steps.push({ kind: 'event', event });
    }
  }
  return { ...withListInvalidations(steps, store, invalidateListsAbove), coalesced };
}

/** Puts one list invalidation before the first create of each inserting type above the threshold. */
function withListInvalidations(planned: readonly FlushStep[], store: EntityStore, invalidateListsAbove: number): Pick<FlushPlan, 'steps' | 'listInvalidations'> {
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
  if (listInvalidations === 0) return { steps: planned, listInvalidations };
  const steps: FlushStep[] = [];
  for (const step of planned) {
    const type = createdType(step);
    if (type !== undefined && invalidate.delete(type)) steps.push({ kind: 'invalidate-lists', entityType: type });
    steps.push(step);
  }
  return { steps, listInvalidations };
}

function createdType(step: FlushStep): string | undefined {
  return step.kind === 'event' && step.event.type === 'ENTITY_CREATED' ? step.event.data.entityType : undefined;
}

function ofType<T>(map: ByEntity<T>, type: string): Map<string, T> {
  let byId = map.get(type);
  if (!byId) map.set(type, (byId = new Map()));
  return byId;
}
