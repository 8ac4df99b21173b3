import fc from 'fast-check';
import { CacheHub } from '../hub/cache-hub';
import { CacheHubError } from '../hub/cache-hub-error';
import { EntityStore } from '../entity/entity-store';
import { parseServerFrame } from './parse-server-frame';

const TYPES = ['ENTITY_UPDATED', 'ENTITY_CREATED', 'ENTITY_DELETED', 'BULK_UPDATE', 'RESYNC_REQUIRED', 'PING', 'NOPE'];
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'stock', 'name');
const anyValue = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined));
const frameArb = fc.oneof(
  fc.string(),
  fc.jsonValue(),
  fc.record(
    {
      type: fc.constantFrom(...TYPES),
      seq: fc.oneof(fc.integer(), fc.double(), fc.string()),
      data: fc.record(
        {
          entityType: fc.oneof(fc.constant('products'), fc.string(), fc.integer()),
          entityId: fc.oneof(fc.constantFrom('1', '2'), fc.integer(), fc.constant(null), fc.object()),
          version: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double(), fc.string(), fc.constant(null)),
          changes: fc.oneof(fc.dictionary(hostileKey, anyValue), anyValue),
          entity: fc.oneof(fc.record({ id: fc.constantFrom('1', '3'), version: fc.integer({ min: 0, max: 20 }), stock: fc.integer() }), anyValue),
          updates: fc.oneof(fc.array(fc.record({ entityId: fc.constant('1'), changes: fc.object(), version: fc.integer() })), anyValue),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ['type'] },
  ),
);

/** A JSON text that JSON.parse turns into an object with an own `__proto__` key. */
const pollutingText = fc.constantFrom(
  '{"type":"ENTITY_UPDATED","data":{"entityType":"products","entityId":"1","changes":{"__proto__":{"polluted":true}},"version":9}}',
  '{"type":"ENTITY_CREATED","data":{"entityType":"products","entity":{"id":"4","version":1,"constructor":{"prototype":{"x":1}}}}}',
);

describe('10 000 random frames', () => {
  it('never throw anything but a typed error, and invalid ones change nothing in the cache', () => {
    const hub = new CacheHub();
    const store = new EntityStore(hub);
    hub.set('products:detail-1', { id: '1', stock: 5, version: 1 });
    hub.set('products:list-{}', {
      items: [
        { id: '1', stock: 5, version: 1 },
        { id: '2', stock: 1, version: 1 },
      ],
      totalCount: 2,
    });
    const snapshot = () =>
      JSON.stringify(
        hub
          .keys()
          .sort()
          .map((key) => [key, hub.peek(key)]),
      );
    let invalid = 0;
    fc.assert(
      fc.property(fc.oneof(frameArb, pollutingText), (raw) => {
        const before = snapshot();
        let frame;
        try {
          frame = parseServerFrame(raw);
        } catch (error) {
          expect(error).toBeInstanceOf(CacheHubError);
          invalid++;
          expect(snapshot()).toBe(before);
          return;
        }
        if (frame.type !== 'PING' && frame.type !== 'RESYNC_REQUIRED' && frame.type !== 'SUBSCRIBED') store.apply(frame);
      }),
      { numRuns: 10_000 },
    );
    expect(invalid).toBeGreaterThan(1000);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    hub.destroy();
  });
});
