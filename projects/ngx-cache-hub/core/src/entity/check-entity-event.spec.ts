import { UpdateBatcher } from '../batching/update-batcher';
import { CacheHub } from '../hub/cache-hub';
import { CacheHubError } from '../hub/cache-hub-error';
import { checkEntityEvent } from './check-entity-event';
import type { EntityEvent } from './entity-event';
import { detailKey } from './entity-key';
import { EntityStore } from './entity-store';

const update = (data: Record<string, unknown>) =>
  ({ type: 'ENTITY_UPDATED', data: { entityType: 'p', entityId: '1', version: 6, changes: { name: 'b' }, ...data } }) as unknown as EntityEvent;

/** Events of the wrong shape, as `JSON.parse` may give them, and the field each error names. */
const MALFORMED: [string, unknown, string][] = [
  ['a version past the largest number', JSON.parse('{"type":"ENTITY_UPDATED","data":{"entityType":"p","entityId":"1","version":1e999,"changes":{}}}'), 'version'],
  ['no version', update({ version: undefined }), 'version'],
  ['a version as text', { type: 'ENTITY_DELETED', data: { entityType: 'p', entityId: '1', version: '9' } }, 'version'],
  ['changes as text', update({ changes: 'xyz' }), 'changes'],
  ['changes null', update({ changes: null }), 'changes'],
  ['changes as an array', update({ changes: [1] }), 'changes'],
  ['no entity id', update({ entityId: undefined }), 'entityId'],
  ['an object as id', update({ entityId: {} }), 'entityId'],
  ['no entity type', update({ entityType: undefined }), 'entityType'],
  ['no data', { type: 'ENTITY_UPDATED' }, 'data'],
  ['null', null, 'data'],
  ['an unknown type', { type: 'ENTITY_MOVED', data: {} }, 'type'],
  ['bulk updates that are not an array', { type: 'BULK_UPDATE', data: { entityType: 'p', updates: {} } }, 'updates'],
  ['a create without an entity', { type: 'ENTITY_CREATED', data: { entityType: 'p', entity: null } }, 'entity'],
];

describe('checkEntityEvent', () => {
  it.each(MALFORMED)('rejects %s with InvalidEntity naming the field', (_, event, field) => {
    const thrown = (() => {
      try {
        checkEntityEvent(event as EntityEvent);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(CacheHubError);
    expect((thrown as CacheHubError).code).toBe(201);
    expect((thrown as CacheHubError).message).toContain(field);
  });

  it('accepts every well-formed event', () => {
    expect(() => checkEntityEvent(update({}))).not.toThrow();
    expect(() => checkEntityEvent({ type: 'ENTITY_DELETED', data: { entityType: 'p', entityId: 7, version: 2 } })).not.toThrow();
    expect(() => checkEntityEvent({ type: 'ENTITY_CREATED', data: { entityType: 'p', entity: { id: '1', version: 1 } } })).not.toThrow();
    expect(() => checkEntityEvent({ type: 'BULK_UPDATE', data: { entityType: 'p', updates: [] } })).not.toThrow();
  });
});

describe('events of the wrong shape given to the store or the batcher', () => {
  let hub: CacheHub;
  let store: EntityStore;
  const detail = detailKey('p', '1');

  beforeEach(() => {
    hub = new CacheHub({ retry: 0 });
    store = new EntityStore(hub);
    store.applyCreate({ entityType: 'p', entity: { id: '1', version: 5, name: 'a' } });
  });

  afterEach(() => hub.destroy());

  it.each(MALFORMED)('store.apply throws for %s and changes nothing', (_, event) => {
    expect(() => store.apply(event as EntityEvent)).toThrow(CacheHubError);
    expect(hub.peek(detail)).toEqual({ id: '1', version: 5, name: 'a' });
  });

  it.each(MALFORMED)('batcher.push reports %s to onError, buffers nothing, and later events still land', (_, event) => {
    const errors: unknown[] = [];
    const batcher = new UpdateBatcher(hub, store, { onError: (error) => errors.push(error) });
    batcher.push(event as EntityEvent);
    expect(errors).toEqual([expect.any(CacheHubError)]);
    expect(batcher.stats().pending).toBe(0);
    batcher.push(update({ version: 7, changes: { name: 'c' } }));
    batcher.flush();
    expect(hub.peek(detail)).toEqual({ id: '1', version: 7, name: 'c' });
    batcher.destroy();
  });

  it.each([
    ['no id', { version: 2 }, 201],
    ['an object as id', { id: {}, version: 2 }, 201],
    ['no finite version', { id: '2', version: Number.NaN }, 201],
    ['a version as text', { id: '2', version: '3' }, 201],
    ['a prototype key', JSON.parse('{"id":"2","version":2,"__proto__":{"x":1}}'), 103],
  ])('batcher.push checks a created entity against its type at once: %s', (_, entity, code) => {
    const errors: CacheHubError[] = [];
    const batcher = new UpdateBatcher(hub, store, { onError: (error) => errors.push(error as CacheHubError) });
    batcher.push({ type: 'ENTITY_CREATED', data: { entityType: 'p', entity } } as EntityEvent);
    expect(errors.map((error) => error.code)).toEqual([code]);
    expect(batcher.stats().pending).toBe(0);
    expect(() => new UpdateBatcher(hub, store).push({ type: 'ENTITY_CREATED', data: { entityType: 'p', entity } } as EntityEvent)).toThrow(CacheHubError);
    batcher.destroy();
  });

  it('batcher.push throws without onError, and keeps what it buffered before', () => {
    const batcher = new UpdateBatcher(hub, store);
    batcher.push(update({ version: 6, changes: { name: 'b' } }));
    expect(() => batcher.push(update({ changes: null }))).toThrow(CacheHubError);
    batcher.flush();
    expect(hub.peek(detail)).toEqual({ id: '1', version: 6, name: 'b' });
    batcher.destroy();
  });
});
