import { appendToQuarantine, decodeStoredQueue, planQueueUpdate } from './stored-queue-codec';
import { MAX_PAYLOAD_VALUES } from './json-depth';
import { envelope, storedAction } from './testing-internal/queue-storage-contract';
import { sharedTree } from './testing-internal/shared-tree';

describe('decodeStoredQueue', () => {
  it('returns the valid actions of the scope in stored order', () => {
    const decoded = decodeStoredQueue('alice', envelope('alice', [storedAction('a1'), storedAction('a2')]));
    expect(decoded).toEqual({ actions: [storedAction('a1'), storedAction('a2')], quarantined: [] });
  });

  it.each([
    ['a string', 'hello', 'not an ngx-cache-hub offline queue'],
    ['another format', { format: 'other', actions: [] }, 'not an ngx-cache-hub offline queue'],
    ['a newer version', { ...(envelope('alice', []) as object), version: 2 }, 'unsupported queue version 2'],
    ['another scope', envelope('bob', []), 'the queue belongs to another user scope'],
  ])('quarantines the whole record when it is %s', (_, raw, reason) => {
    const decoded = decodeStoredQueue('alice', raw);
    expect(decoded.actions).toEqual([]);
    expect(decoded.quarantined).toEqual([expect.objectContaining({ scope: 'alice', reason, record: raw })]);
  });

  it.each([
    ['not an object', 42],
    ['missing id', { ...storedAction('a1'), id: '' }],
    ['missing type', { ...storedAction('a1'), type: undefined }],
    ['belongs to another user scope', storedAction('a1', 'bob')],
    ['invalid createdAt', { ...storedAction('a1'), createdAt: 'yesterday' }],
    ['invalid order', { ...storedAction('a1'), order: Infinity }],
    [`payload holds more than ${MAX_PAYLOAD_VALUES} values (counting shared ones each time)`, { ...storedAction('a1'), payload: sharedTree(60) }],
    ['invalid attempts', { ...storedAction('a1'), attempts: -1 }],
    ['invalid status', { ...storedAction('a1'), status: 'done' }],
    ['invalid blocking flag', { ...storedAction('a1'), blocking: 'yes' }],
    ['invalid tempIds', { ...storedAction('a1'), tempIds: [1] }],
    ['invalid tempIds', { ...storedAction('a1'), tempIds: [''] }],
    ['invalid remap record', { ...storedAction('a1'), type: 'ngx-cache-hub/remap', payload: { entityType: 'products', tempId: '', serverId: 7 } }],
    ['invalid remap record', { ...storedAction('a1'), type: 'ngx-cache-hub/remap', payload: { entityType: 'products', tempId: 'tmp-1' } }],
    ['invalid remap record', { ...storedAction('a1'), type: 'ngx-cache-hub/remap', payload: 'tmp-1=7' }],
    ['invalid error', { ...storedAction('a1'), error: 'bad' }],
    ['forbidden key "__proto__"', JSON.parse(`{"__proto__":{},"id":"a1"}`)],
    ['payload.x has the forbidden key "constructor"', { ...storedAction('a1'), payload: { x: { constructor: 1 } } }],
  ])('quarantines a record that is %s', (reason, record) => {
    const decoded = decodeStoredQueue('alice', envelope('alice', [storedAction('a0'), record]));
    expect(decoded.actions.map((a) => a.id)).toEqual(['a0']);
    expect(decoded.quarantined.map((q) => q.reason)).toEqual([reason]);
  });

  it('quarantines, without walking it, a stored list of 2^32-1 records (sparse), and a record with forbidden keys beside its actions', () => {
    const sparse = envelope('alice', [storedAction('a1')]) as { actions: unknown[] };
    sparse.actions.length = 2 ** 32 - 1;
    expect(decodeStoredQueue('alice', sparse)).toEqual({ actions: [], quarantined: [expect.objectContaining({ reason: 'the queue holds more than 100000 records' })] });
    const polluted = JSON.parse(`{"__proto__":{"admin":true},"format":"ngx-cache-hub/offline-queue","version":1,"scope":"alice","actions":[]}`);
    expect(decodeStoredQueue('alice', polluted).quarantined).toEqual([expect.objectContaining({ reason: 'forbidden key "__proto__"' })]);
  });

  it('keeps a valid remap record', () => {
    const remap = { ...storedAction('r1'), type: 'ngx-cache-hub/remap', payload: { entityType: 'products', tempId: 'tmp-1', serverId: 7 } };
    expect(decodeStoredQueue('alice', envelope('alice', [remap]))).toEqual({ actions: [remap], quarantined: [] });
  });

  it('quarantines the second record of a duplicated id', () => {
    const decoded = decodeStoredQueue('alice', envelope('alice', [storedAction('a1'), storedAction('a1')]));
    expect(decoded.actions).toHaveLength(1);
    expect(decoded.quarantined.map((q) => q.reason)).toEqual(['duplicate action id']);
  });

  it('keeps the order an action was stamped with', () => {
    const decoded = decodeStoredQueue('alice', envelope('alice', [{ ...storedAction('a1'), order: 77 }]));
    expect(decoded.actions[0]).toEqual({ ...storedAction('a1'), order: 77 });
  });

  it('drops fields it does not know', () => {
    const decoded = decodeStoredQueue('alice', envelope('alice', [{ ...storedAction('a1'), injected: '<script>' }]));
    expect(decoded.actions[0]).toEqual(storedAction('a1'));
  });
});

describe('appendToQuarantine', () => {
  it('quarantines a kept quarantine of 2^32-1 entries (sparse) instead of walking it', () => {
    const kept: unknown[] = [];
    kept.length = 2 ** 32 - 1;
    const { list, reported } = appendToQuarantine('alice', kept, []);
    expect(list).toEqual([expect.objectContaining({ reason: 'the quarantine record held more than 100000 entries' })]);
    expect(reported).toEqual(list);
  });
});

describe('planQueueUpdate', () => {
  it('writes nothing when nothing changed', () => {
    expect(planQueueUpdate('alice', envelope('alice', [storedAction('a1')]), (queue) => queue).write).toBeUndefined();
  });

  it('deletes the record once the queue is empty', () => {
    expect(planQueueUpdate('alice', envelope('alice', [storedAction('a1')]), () => []).write).toBeNull();
  });

  it('rewrites the record when it quarantined something, even without a change', () => {
    const plan = planQueueUpdate('alice', envelope('alice', [storedAction('a1'), 'junk']));
    expect(plan.write).toEqual(envelope('alice', [storedAction('a1')]));
  });
});

describe('deeply nested stored records', () => {
  it('quarantines a 20 000-deep record (cut down) without overflowing the stack, keeping the good ones', () => {
    const text = `{"id":"g","type":"edit","createdAt":1,"attempts":0,"status":"pending","scope":"alice","payload":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const decoded = decodeStoredQueue('alice', envelope('alice', [storedAction('a1'), JSON.parse(text)]));
    expect(decoded.actions.map((a) => a.id)).toEqual(['a1']);
    expect(decoded.quarantined).toEqual([expect.objectContaining({ reason: expect.stringContaining('levels deep'), record: expect.objectContaining({ id: 'g' }) })]);
    expect(() => JSON.stringify(decoded.quarantined)).not.toThrow();
  });

  it('quarantines a whole record that is itself deeply nested garbage', () => {
    const decoded = decodeStoredQueue('alice', JSON.parse(`${'['.repeat(20_000)}${']'.repeat(20_000)}`));
    expect(decoded.quarantined).toHaveLength(1);
    expect(() => JSON.stringify(decoded.quarantined)).not.toThrow();
  });
});
