import * as fc from 'fast-check';
import { CacheHubError, CacheHubErrorCode } from '../hub/cache-hub-error';
import { parseServerFrame } from './parse-server-frame';
import type { ServerFrame } from './protocol';

const updated = (overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
  type: 'ENTITY_UPDATED',
  seq: 3,
  data: { entityType: 'product', entityId: 42, changes: { stock: 5 }, version: 7, ...data },
  ...overrides,
});

const codeOf = (raw: unknown): CacheHubErrorCode | 'no error' => {
  try {
    parseServerFrame(raw);
    return 'no error';
  } catch (error) {
    if (error instanceof CacheHubError) return error.code;
    throw error;
  }
};

describe('parseServerFrame', () => {
  describe('accepts valid frames', () => {
    it('parses every frame type from a JSON string', () => {
      const frames: ServerFrame[] = [
        { type: 'PING' },
        { type: 'PING', seq: 1 },
        { type: 'ENTITY_UPDATED', seq: 2, data: { entityType: 'p', entityId: 'a', changes: { x: 1 }, version: 1 } },
        { type: 'ENTITY_CREATED', data: { entityType: 'p', entity: { id: 1, version: 1, name: 'n' } } },
        { type: 'ENTITY_DELETED', seq: 4, data: { entityType: 'p', entityId: 1, version: 9 } },
        {
          type: 'BULK_UPDATE',
          data: { entityType: 'p', updates: [{ entityId: 1, changes: { a: [1, { b: 2 }] }, version: 2 }] },
        },
        { type: 'RESYNC_REQUIRED', seq: 5, data: { entityType: 'p' } },
      ];
      for (const frame of frames) {
        expect(parseServerFrame(JSON.stringify(frame))).toEqual(frame);
      }
    });

    it('accepts an already-parsed object and returns a fresh one', () => {
      const raw = updated();
      const frame = parseServerFrame(raw);
      expect(frame).toEqual(raw);
      expect(frame).not.toBe(raw);
      expect((frame as { data: unknown }).data).not.toBe(raw.data);
    });

    it('drops fields the protocol does not know instead of leaking them', () => {
      const frame = parseServerFrame(updated({ extra: 1 }, { extra: 2 }));
      expect(frame).not.toHaveProperty('extra');
      expect((frame as { data: object }).data).not.toHaveProperty('extra');
    });

    it('treats a missing seq as absent rather than as an error', () => {
      expect(parseServerFrame(updated({ seq: undefined }))).not.toHaveProperty('seq');
    });
  });

  describe('rejects malformed frames with a typed error', () => {
    it.each([
      ['invalid JSON', '{"type": "PING"'],
      ['a JSON number', '42'],
      ['null', null],
      ['an array', [updated()]],
      ['a missing type', { seq: 1 }],
      ['a numeric type', { type: 7 }],
      ['a missing data object', { type: 'ENTITY_UPDATED', seq: 1 }],
      ['a string seq', updated({ seq: '3' })],
      ['a NaN seq', updated({ seq: NaN })],
      ['an infinite version', updated({}, { version: Infinity })],
      ['a string version', updated({}, { version: '7' })],
      ['an empty entityType', updated({}, { entityType: '' })],
      ['an entityId that is an object', updated({}, { entityId: { id: 1 } })],
      ['an empty entityId', updated({}, { entityId: '' })],
      ['changes that are an array', updated({}, { changes: [1] })],
      ['an entity without id', { type: 'ENTITY_CREATED', data: { entityType: 'p', entity: { version: 1 } } }],
      ['an entity without version', { type: 'ENTITY_CREATED', data: { entityType: 'p', entity: { id: 1 } } }],
      ['a delete without version', { type: 'ENTITY_DELETED', data: { entityType: 'p', entityId: 1 } }],
      ['updates that are not an array', { type: 'BULK_UPDATE', data: { entityType: 'p', updates: {} } }],
      ['a bulk entry without changes', { type: 'BULK_UPDATE', data: { entityType: 'p', updates: [{ entityId: 1, version: 1 }] } }],
      ['a resync without entityType', { type: 'RESYNC_REQUIRED', data: {} }],
    ])('reports %s as MalformedFrame', (_, raw) => {
      expect(codeOf(raw)).toBe(CacheHubErrorCode.MalformedFrame);
    });

    it('reports an unknown type as UnknownFrameType', () => {
      expect(codeOf({ type: 'stock_updated', data: {} })).toBe(CacheHubErrorCode.UnknownFrameType);
    });

    it('writes messages that name the package, the field and what to do', () => {
      expect(() => parseServerFrame(updated({}, { version: '7' }))).toThrow(/^ngx-cache-hub: NCH202: .*data\.version must be a finite number, got "7".*mapMessage/);
    });
  });

  describe('refuses prototype-polluting keys', () => {
    it.each([
      ['__proto__ in changes', '{"type":"ENTITY_UPDATED","data":{"entityType":"p","entityId":1,"version":1,"changes":{"__proto__":{"polluted":true}}}}'],
      ['__proto__ deep inside changes', '{"type":"ENTITY_UPDATED","data":{"entityType":"p","entityId":1,"version":1,"changes":{"a":[{"b":{"__proto__":{"polluted":true}}}]}}}'],
      ['constructor in an entity', '{"type":"ENTITY_CREATED","data":{"entityType":"p","entity":{"id":1,"version":1,"constructor":{"prototype":{"polluted":true}}}}}'],
      ['prototype in a bulk update', '{"type":"BULK_UPDATE","data":{"entityType":"p","updates":[{"entityId":1,"version":1,"changes":{"x":{"prototype":1}}}]}}'],
    ])('rejects %s as ForbiddenKey', (_, json) => {
      expect(codeOf(json)).toBe(CacheHubErrorCode.ForbiddenKey);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });

    it('rejects forbidden keys defined as non-enumerable own properties', () => {
      const changes = {};
      Object.defineProperty(changes, 'constructor', { value: 1, enumerable: false });
      expect(codeOf(updated({}, { changes }))).toBe(CacheHubErrorCode.ForbiddenKey);
    });

    it('survives cyclic already-parsed input', () => {
      const changes: Record<string, unknown> = {};
      changes['self'] = changes;
      expect(codeOf(updated({}, { changes }))).toBe('no error');
    });

    it('reports input whose getters throw as MalformedFrame', () => {
      const hostile = Object.defineProperty({ type: 'PING' }, 'seq', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      });
      expect(codeOf(hostile)).toBe(CacheHubErrorCode.MalformedFrame);
    });
  });

  describe('fuzzing', () => {
    const entityId = fc.oneof(fc.string({ minLength: 1 }), fc.integer());
    const entityType = fc.string({ minLength: 1 });
    const version = fc.integer();
    const seq = fc.option(fc.nat(), { nil: undefined });
    const record = fc.dictionary(
      fc.string().filter((key) => !['__proto__', 'constructor', 'prototype'].includes(key)),
      fc.jsonValue().filter((value) => !JSON.stringify(value).match(/"(__proto__|constructor|prototype)"/)),
      { maxKeys: 4 },
    );
    const withSeq = <T extends object>(frame: T, s: number | undefined) => (s === undefined ? frame : { ...frame, seq: s });

    const validFrame: fc.Arbitrary<ServerFrame> = fc.oneof(
      seq.map((s) => withSeq({ type: 'PING' as const }, s)),
      fc.record({ s: seq, entityType, entityId, changes: record, version }).map(({ s, ...data }) => withSeq({ type: 'ENTITY_UPDATED' as const, data }, s)),
      fc
        .record({ s: seq, entityType, id: entityId, version, rest: record })
        .map(({ s, entityType, id, version, rest }) => withSeq({ type: 'ENTITY_CREATED' as const, data: { entityType, entity: { ...rest, id, version } } }, s)),
      fc.record({ s: seq, entityType, entityId, version }).map(({ s, ...data }) => withSeq({ type: 'ENTITY_DELETED' as const, data }, s)),
      fc
        .record({ s: seq, entityType, updates: fc.array(fc.record({ entityId, changes: record, version }), { maxLength: 3 }) })
        .map(({ s, ...data }) => withSeq({ type: 'BULK_UPDATE' as const, data }, s)),
      fc.record({ s: seq, entityType }).map(({ s, ...data }) => withSeq({ type: 'RESYNC_REQUIRED' as const, data }, s)),
    );

    /** A valid frame with one value somewhere in it replaced by random JSON, or one key removed. */
    const mutatedFrame = fc.tuple(validFrame, fc.nat(), fc.jsonValue(), fc.boolean()).map(([frame, pick, replacement, remove]) => {
      const copy = JSON.parse(JSON.stringify(frame));
      const slots: [Record<string, unknown>, string][] = [];
      const collect = (node: unknown) => {
        if (typeof node === 'object' && node !== null) {
          for (const key of Object.keys(node)) {
            slots.push([node as Record<string, unknown>, key]);
            collect((node as Record<string, unknown>)[key]);
          }
        }
      };
      collect(copy);
      const [parent, key] = slots[pick % slots.length];
      if (remove) delete parent[key];
      else parent[key] = replacement;
      return copy;
    });

    const anyInput = fc.oneof(
      fc.jsonValue(),
      fc.anything(),
      fc.string(),
      fc.json(),
      mutatedFrame,
      mutatedFrame.map((frame) => JSON.stringify(frame)),
    );

    it('never throws anything but a CacheHubError on 10 000 random frames', () => {
      fc.assert(
        fc.property(anyInput, (raw) => {
          try {
            parseServerFrame(raw);
          } catch (error) {
            return error instanceof CacheHubError;
          }
          return true;
        }),
        { numRuns: 10_000 },
      );
    });

    it('round-trips every valid frame, as a string and as an object', () => {
      fc.assert(
        fc.property(validFrame, (frame) => {
          const json = JSON.stringify(frame);
          expect(parseServerFrame(json)).toEqual(JSON.parse(json)); // JSON itself turns -0 into 0
          expect(parseServerFrame(frame)).toEqual(frame);
        }),
        { numRuns: 2_000 },
      );
    });
  });
});
