import fc from 'fast-check';
import { MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_VALUES, exceedsJsonDepth, storableQuarantinedRecord } from './json-depth';
import { nestedArray as nest } from './testing-internal/nested-array';

describe('exceedsJsonDepth', () => {
  it('measures nesting of arrays and objects, scalars being 0 deep', () => {
    expect(exceedsJsonDepth(1, 0)).toBe(false);
    expect(exceedsJsonDepth({ a: [1] }, 2)).toBe(false);
    expect(exceedsJsonDepth({ a: [1] }, 1)).toBe(true);
  });

  it('measures 100 000 levels without overflowing the stack', () => {
    expect(exceedsJsonDepth(nest(100_000), MAX_PAYLOAD_DEPTH)).toBe(true);
  });

  it('counts a sparse array by its length, so one of length 2^32-1 is refused unwalked', () => {
    const sparse: unknown[] = [[1]];
    sparse.length = 2 ** 32 - 1;
    expect(exceedsJsonDepth({ sparse }, MAX_PAYLOAD_DEPTH)).toBe(true);
    expect(exceedsJsonDepth({ dense: new Array(MAX_PAYLOAD_VALUES / 2).fill([1]) }, MAX_PAYLOAD_DEPTH)).toBe(false);
  });

  it('agrees with the nesting depth of any value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 300 }), (depth, limit) => {
        expect(exceedsJsonDepth(nest(depth), limit)).toBe(depth > limit);
      }),
    );
  });
});

describe('storableQuarantinedRecord', () => {
  it('keeps a record of ordinary depth as is', () => {
    const record = { id: 'a1', payload: nest(MAX_PAYLOAD_DEPTH) };
    expect(storableQuarantinedRecord(record)).toBe(record);
  });

  it('cuts a too-deep record down to its scalar fields, which JSON can serialise', () => {
    const kept = storableQuarantinedRecord({ id: 'g', type: 'edit', payload: nest(50_000) });
    expect(kept).toEqual({ id: 'g', type: 'edit', tooDeep: expect.stringContaining('not kept') });
    expect(() => JSON.stringify(kept)).not.toThrow();
    expect(typeof storableQuarantinedRecord(nest(50_000))).toBe('string');
  });
});
