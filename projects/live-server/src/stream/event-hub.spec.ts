import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { EntityType } from '../store/entity-types';
import { EventHub } from './event-hub';
import type { ChangeDraft } from './frames';

const productChange = (id: string): ChangeDraft => ({
  entityType: 'products',
  event: { type: 'ENTITY_UPDATED', data: { entityType: 'products', entityId: id, changes: { stock: 1 }, version: 2 } },
});
const orderChange = (id: string, ownerId: string): ChangeDraft => ({
  ownerId,
  entityType: 'orders',
  event: { type: 'ENTITY_UPDATED', data: { entityType: 'orders', entityId: id, changes: { status: 'shipped' }, version: 2 } },
});
const types = (...names: EntityType[]) => new Set(names);

describe('EventHub', () => {
  it('numbers events with one global seq across types and delivers them in order', () => {
    const hub = new EventHub(10);
    const seen: number[] = [];
    hub.listen((event) => seen.push(event.seq));
    hub.publish([productChange('p-1'), orderChange('o-1', 'alice')]);
    hub.publish([productChange('p-2')]);
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(hub.latestSeq, 3);
  });

  it('serializes each frame as { type, epoch, seq, data }', () => {
    const hub = new EventHub(10);
    const [event] = hub.publish([productChange('p-1')]);
    assert.deepEqual(Object.keys(JSON.parse(event.json)), ['type', 'epoch', 'seq', 'data']);
  });

  it('replays retained events after since, filtered by type and owner', () => {
    const hub = new EventHub(10);
    hub.publish([productChange('p-1'), orderChange('o-1', 'alice'), orderChange('o-2', 'bob'), productChange('p-2')]);
    const replay = (since: number, userId: string | null, ...names: EntityType[]) => {
      const result = hub.replay({ epoch: hub.epoch, seq: since }, types(...names), userId);
      return result.resync ? 'resync' : result.events.map((event) => event.seq);
    };
    assert.deepEqual(replay(1, 'alice', 'products', 'orders'), [2, 4]);
    assert.deepEqual(replay(0, 'bob', 'orders'), [3]);
    assert.deepEqual(replay(0, null, 'orders'), []);
    assert.deepEqual(replay(4, 'alice', 'products'), []);
  });

  it('asks for a resync when since is older than the retained history or ahead of the server', () => {
    const hub = new EventHub(3);
    for (let i = 1; i <= 5; i++) hub.publish([productChange(`p-${i}`)]);
    // Retained: 3, 4, 5. Resuming from 2 needs 3.. which is there; from 1 needs 2, which is gone.
    const fromTwo = hub.replay({ epoch: hub.epoch, seq: 2 }, types('products'), null);
    assert.deepEqual(fromTwo.resync ? 'resync' : fromTwo.events.map((event) => event.seq), [3, 4, 5]);
    assert.deepEqual(hub.replay({ epoch: hub.epoch, seq: 1 }, types('products'), null), { resync: true, latestSeq: 5 });
    assert.deepEqual(hub.replay({ epoch: hub.epoch, seq: 6 }, types('products'), null), { resync: true, latestSeq: 5 });
  });

  it('asks for a resync when since is from another epoch, even at a seq it has', () => {
    const hub = new EventHub(10);
    hub.publish([productChange('p-1'), productChange('p-2')]);
    assert.match(hub.epoch, /^[0-9a-z]{8}$/);
    assert.notEqual(new EventHub(10).epoch, hub.epoch);
    assert.deepEqual(hub.replay({ epoch: 'another1', seq: 1 }, types('products'), null), { resync: true, latestSeq: 2 });
    assert.equal(hub.replay({ epoch: hub.epoch, seq: 1 }, types('products'), null).resync, false);
  });

  it('keeps numbering, epoch and history across a snapshot', () => {
    const hub = new EventHub(3);
    for (let i = 1; i <= 4; i++) hub.publish([productChange(`p-${i}`)]);
    const restored = new EventHub(3, JSON.parse(JSON.stringify(hub.snapshot())));
    assert.equal(restored.latestSeq, 4);
    assert.equal(restored.epoch, hub.epoch);
    assert.deepEqual(restored.replay({ epoch: restored.epoch, seq: 1 }, types('products'), null), hub.replay({ epoch: hub.epoch, seq: 1 }, types('products'), null));
    assert.equal(restored.replay({ epoch: restored.epoch, seq: 0 }, types('products'), null).resync, true);
    assert.equal(restored.publish([productChange('p-9')])[0].seq, 5);
  });

  it('restores into a smaller history as if the older events were evicted', () => {
    const hub = new EventHub(5);
    for (let i = 1; i <= 5; i++) hub.publish([productChange(`p-${i}`)]);
    const restored = new EventHub(2, hub.snapshot());
    assert.equal(restored.replay({ epoch: restored.epoch, seq: 2 }, types('products'), null).resync, true);
    assert.equal(restored.replay({ epoch: restored.epoch, seq: 3 }, types('products'), null).resync, false);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const hub = new EventHub(5);
    const seen: number[] = [];
    const originalError = console.error;
    console.error = () => undefined;
    try {
      hub.listen(() => {
        throw new Error('broken connection');
      });
      hub.listen((event) => seen.push(event.seq));
      hub.publish([productChange('p-1')]);
    } finally {
      console.error = originalError;
    }
    assert.deepEqual(seen, [1]);
  });
});
