// Runs in a folder where only the packed ngx-cache-hub and rxjs are installed (no Angular): the
// framework-free core must import and work in plain Node.
import assert from 'node:assert/strict';
import { CacheHub, detailKey, EntityStore, listKey, parseServerFrame, OfflineQueue, MemoryQueueStorage } from 'ngx-cache-hub/core';

const hub = new CacheHub();
const entities = new EntityStore(hub);
entities.register('customers');
hub.set(detailKey('customers', 1), { id: 1, name: 'Ada', version: 1 });
hub.set(listKey('customers', { page: 1 }), [{ id: 1, name: 'Ada', version: 1 }]);
const frame = parseServerFrame(
  JSON.stringify({ type: 'ENTITY_UPDATED', epoch: 'e1', seq: 1, data: { entityType: 'customers', entityId: 1, changes: { name: 'Grace' }, version: 2 } }),
);
entities.applyUpdate({ entityType: 'customers', entityId: 1, changes: frame.data.changes, version: frame.data.version });
assert.equal(hub.peek(detailKey('customers', 1)).name, 'Grace');
assert.equal(hub.peek(listKey('customers', { page: 1 }))[0].name, 'Grace');
assert.equal(typeof OfflineQueue, 'function');
assert.equal(typeof MemoryQueueStorage, 'function');
console.log('pack-test: ngx-cache-hub/core imported and applied an update in plain Node with no Angular installed');
