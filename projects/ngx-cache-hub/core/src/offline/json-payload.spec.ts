import { CacheHubError, CacheHubErrorCode } from '../hub/cache-hub-error';
import { MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_VALUES } from './json-depth';
import { nestedArray as nest } from './testing-internal/nested-array';
import { sharedTree } from './testing-internal/shared-tree';
import { findPayloadProblem, isPlainRecord, toJsonPayload } from './json-payload';

describe('findPayloadProblem', () => {
  it.each([null, 'text', 0, true, [1, 'a', null], { nested: { list: [{ a: 1 }] } }, { skipped: undefined }, Object.create(null)])('accepts plain JSON data: %p', (value) => {
    expect(findPayloadProblem(value)).toBeNull();
  });

  it.each([
    [new Date(0), 'payload is a Date'],
    [{ at: new Map() }, 'payload.at is a Map'],
    [{ n: NaN }, 'payload.n is NaN'],
    [{ f: () => 1 }, 'payload.f is a function'],
    [[1, undefined], 'payload[1] is undefined'],
    [JSON.parse('{"a":{"__proto__":{"polluted":true}}}'), 'payload.a has the forbidden key "__proto__"'],
    [{ constructor: 1 }, 'payload has the forbidden key "constructor"'],
    [{ big: BigInt(1) }, 'payload.big is a bigint'],
  ])('names the problem of %p', (value, problem) => {
    expect(findPayloadProblem(value)).toContain(problem);
  });

  it('names a circular reference', () => {
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(findPayloadProblem(loop)).toBe('payload.self is a circular reference');
  });

  it('accepts the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(findPayloadProblem({ x: shared, y: shared })).toBeNull();
  });

  it(`refuses, after at most ${MAX_PAYLOAD_VALUES} visits, a payload whose shared subtrees stand for 2^60 values`, () => {
    expect(findPayloadProblem(sharedTree(60))).toBe(`payload holds more than ${MAX_PAYLOAD_VALUES} values (counting shared ones each time)`);
    expect(findPayloadProblem(sharedTree(10))).toBe(null); // 2^10 leaves: fine
  });

  it('refuses a sparse array longer than the budget without walking its holes', () => {
    const sparse = [1];
    sparse.length = 2 ** 32 - 1;
    expect(findPayloadProblem({ list: sparse })).toBe(`payload holds more than ${MAX_PAYLOAD_VALUES} values (counting shared ones each time)`);
    expect(findPayloadProblem(new Array(MAX_PAYLOAD_VALUES / 2).fill(0))).toBe(null);
  });
});

describe('toJsonPayload', () => {
  it('returns a detached copy', () => {
    const payload = { sku: 'p1', tags: ['a'] };
    const copy = toJsonPayload(payload);
    payload.tags.push('b');
    expect(copy).toEqual({ sku: 'p1', tags: ['a'] });
  });

  it('refuses prototype-polluting keys with ForbiddenKey', () => {
    const attempt = () => toJsonPayload(JSON.parse('{"__proto__":{"admin":true}}'));
    expect(attempt).toThrow(CacheHubError);
    expect(attempt).toThrow(expect.objectContaining({ code: CacheHubErrorCode.ForbiddenKey }));
  });

  it('refuses data JSON cannot hold with InvalidActionPayload and a message naming the field', () => {
    expect(() => toJsonPayload({ when: new Date(0) })).toThrow(
      expect.objectContaining({ code: CacheHubErrorCode.InvalidActionPayload, message: expect.stringContaining('payload.when is a Date') }),
    );
  });
});

describe('a payload whose getter gives another value on each read', () => {
  const shifting = (second: unknown) => {
    let reads = 0;
    return {
      get data() {
        return ++reads === 1 ? 'fine' : second;
      },
    };
  };

  it.each([
    ['150 levels deep', () => nest(150)],
    ['50 000 levels deep (JSON.stringify overflows)', () => nest(50_000)],
  ])('refuses it with InvalidActionPayload when the second read is %s', (_, second) => {
    expect(() => toJsonPayload(shifting(second()))).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidActionPayload }));
  });
});

describe('payload depth', () => {
  it(`accepts ${MAX_PAYLOAD_DEPTH} levels and refuses one more`, () => {
    expect(findPayloadProblem(nest(MAX_PAYLOAD_DEPTH))).toBeNull();
    expect(findPayloadProblem(nest(MAX_PAYLOAD_DEPTH + 1))).toContain(`nested more than ${MAX_PAYLOAD_DEPTH} levels deep`);
  });

  it.each([3_800, 6_000, 50_000])('refuses a %i-deep payload with InvalidActionPayload, never a RangeError', (depth) => {
    expect(() => toJsonPayload({ deep: nest(depth) })).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidActionPayload }));
  });
});

describe('isPlainRecord', () => {
  it('tells plain objects from arrays, null and class instances', () => {
    expect(isPlainRecord({})).toBe(true);
    expect(isPlainRecord(Object.create(null))).toBe(true);
    expect(isPlainRecord([])).toBe(false);
    expect(isPlainRecord(null)).toBe(false);
    expect(isPlainRecord(new Date())).toBe(false);
  });
});
