import { CacheHub } from '../hub/cache-hub';
import { type EntityEvent } from '../entity/entity-event';
import { type EntityStore } from '../entity/entity-store';
import { FlushStep, planFlush } from './flush-plan';
import { created, deleted, product, productStore, updated } from './testing-internal/product-events';

/** A readable outline of a plan: `U1` an update step of entity 1, `C2` a create, `D2` a delete, `S2` a short-lived create, `R2` a repeat of an earlier create, `M2` updates a later delete ends. */
function outline(steps: readonly FlushStep[]): string[] {
  return steps.map((step) => {
    switch (step.kind) {
      case 'update':
        return `U${step.update.entityId}`;
      case 'short-lived-create':
        return `S${step.deletion.entityId}`;
      case 'invalidate-lists':
        return `I:${step.entityType}`;
      case 'moot-update':
        return `M${step.update.entityId}`;
      case 'repeated-create':
        return `R${(step.event.data as { entity: { id: string } }).entity.id}`;
      case 'event':
        return step.event.type === 'ENTITY_CREATED' ? `C${step.event.data.entity['id']}` : step.event.type === 'ENTITY_DELETED' ? `D${step.event.data.entityId}` : step.event.type;
    }
  });
}

describe('planFlush', () => {
  let hub: CacheHub;
  let store: EntityStore;
  const plan = (events: EntityEvent[], invalidateListsAbove = 10) => planFlush(events, store, invalidateListsAbove);

  beforeEach(() => ({ hub, store } = productStore()));
  afterEach(() => hub.destroy());

  it('folds the updates of one entity into one step where the first one came', () => {
    const result = plan([updated('1', 2, { stock: 1 }), updated('2', 2, { stock: 1 }), updated('1', 3, { stock: 2 })]);
    expect(outline(result.steps)).toEqual(['U1', 'U2']);
    expect(result.coalesced).toBe(1);
  });

  it('starts a new fold after a create of the type that is inserted in sorted position', () => {
    const result = plan([updated('1', 2, { stock: 1 }), created(product('5')), updated('1', 3, { stock: 2 })]);
    expect(outline(result.steps)).toEqual(['U1', 'C5', 'U1']);
  });

  it('keeps folding across creates of a type that appends them', () => {
    store.register('orders', { matches: () => true });
    const order = (id: string, version: number): EntityEvent => ({ type: 'ENTITY_UPDATED', data: { entityType: 'orders', entityId: id, changes: { n: version }, version } });
    const result = plan([order('1', 2), { type: 'ENTITY_CREATED', data: { entityType: 'orders', entity: { id: '9', version: 1 } } }, order('1', 3)]);
    expect(outline(result.steps)).toEqual(['U1', 'C9']);
  });

  it('turns a create, its updates and its delete into one short-lived create', () => {
    const result = plan([created(product('7')), updated('7', 2, { stock: 1 }), updated('1', 2, { stock: 1 }), deleted('7', 3)]);
    expect(outline(result.steps)).toEqual(['S7', 'U7', 'U1']);
    const [shortLived, dependent] = result.steps;
    expect(shortLived).toMatchObject({ deletion: { entityId: '7', version: 3 }, dependents: [(dependent as { update: unknown }).update] });
  });

  it('cancels the repeats of a create with it, each at its own step', () => {
    const result = plan([created(product('7')), updated('7', 2, { stock: 1 }), created(product('7', 2)), deleted('7', 3)]);
    expect(outline(result.steps)).toEqual(['S7', 'U7', 'R7']);
    expect(result.steps[0]).toMatchObject({ repeats: [result.steps[2]] });
    expect(outline(plan([created(product('7')), created(product('7', 4)), deleted('7', 3)]).steps)).toEqual(['C7', 'R7', 'D7']);
  });

  it('tries a delete at the place of the updates it ends, unless one of them is newer', () => {
    const result = plan([updated('1', 2, { stock: 1 }), updated('2', 2, { stock: 1 }), updated('1', 3, { stock: 2 }), deleted('1', 4)]);
    expect(outline(result.steps)).toEqual(['M1', 'U2']);
    expect(result.steps[0]).toMatchObject({ deletion: { entityId: '1', version: 4 } });
    expect(outline(plan([updated('1', 5, { stock: 1 }), deleted('1', 4)]).steps)).toEqual(['U1', 'D1']);
  });

  it('keeps a create whose entity was updated past the version of the delete', () => {
    const result = plan([created(product('7')), updated('7', 5, { stock: 1 }), deleted('7', 3)]);
    expect(outline(result.steps)).toEqual(['C7', 'U7', 'D7']);
  });

  it('keeps a create when a sorted create of its type came in between, as that position may depend on it', () => {
    const result = plan([created(product('2')), updated('2', 2, { stock: 1 }), created(product('4')), deleted('2', 3)]);
    expect(outline(result.steps)).toEqual(['C2', 'U2', 'C4', 'D2']);
  });

  it('never shortens a create of a type whose creates invalidate its lists', () => {
    store.register('tags');
    const tag: EntityEvent = { type: 'ENTITY_CREATED', data: { entityType: 'tags', entity: { id: 't', version: 1 } } };
    const untag: EntityEvent = { type: 'ENTITY_DELETED', data: { entityType: 'tags', entityId: 't', version: 2 } };
    expect(outline(plan([tag, untag]).steps)).toEqual(['Ct', 'Dt']);
  });

  it('invalidates the lists once, before the first create, above invalidateListsAbove creates of an inserting type', () => {
    const creates = ['a', 'b', 'c'].map((id) => created(product(id)));
    expect(outline(plan([updated('1', 2, { stock: 1 }), ...creates], 2).steps)).toEqual(['U1', 'I:products', 'Ca', 'Cb', 'Cc']);
    expect(plan(creates, 2).listInvalidations).toBe(1);
    expect(plan(creates, 3).listInvalidations).toBe(0);
  });

  it('does not count short-lived creates towards invalidateListsAbove', () => {
    const result = plan([created(product('a')), created(product('b')), deleted('b', 2), created(product('c'))], 2);
    expect(result.listInvalidations).toBe(0);
  });
});
