import fc from 'fast-check';
import { CacheHub } from './cache-hub';
import { compileKeyPattern } from './key-pattern';
import { NamespacedCache } from './namespaced-cache';

const segment = fc.constantFrom('customers', 'orders', 'cust', 'a', 'A', 'x|y', 'detail-1', 'list-{"p":1}', '');
const keyArb = fc
  .tuple(segment, fc.constantFrom(':', ''), segment)
  .map(([a, sep, b]) => `${a}${sep}${b}`)
  .filter((k) => k.length > 0);
const regexArb = fc
  .tuple(
    fc.constantFrom('^customers:', '^orders:', '^cust', '^customers:|orders', '^(customers|orders):', '^a:', '^[ao]:', 'detail', ':list-', '^A:', '^customers:.*1$'),
    fc.constantFrom('', 'i', 'g', 'm', 'gy'),
  )
  .map(([source, flags]) => new RegExp(source, flags));

describe('key patterns', () => {
  it('find only the anchored namespace when that is certain', () => {
    expect(compileKeyPattern(/^customers:/).namespace).toBe('customers');
    expect(compileKeyPattern(/^customers:|orders/).namespace).toBeUndefined();
    expect(compileKeyPattern(/^customers:/i).namespace).toBeUndefined();
    expect(compileKeyPattern(/^customers:[|]/).namespace).toBe('customers');
  });

  it('keys(regex) equals a brute-force filter over all keys, for any keys and regex', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { maxLength: 30 }), regexArb, (keys, regex) => {
        const hub = new CacheHub();
        keys.forEach((key, i) => hub.set(key, i));
        const expected = keys.filter((key) => new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')).test(key));
        expect(hub.keys(regex).sort()).toEqual(expected.sort());
        expect(hub.keys(regex).sort()).toEqual(expected.sort());
        hub.destroy();
      }),
    );
  });

  it('a namespace view sees exactly its own keys', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { maxLength: 30 }), (keys) => {
        const hub = new CacheHub();
        keys.forEach((key, i) => hub.set(key, i));
        const own = keys.filter((key) => key.startsWith('customers:')).map((key) => key.slice('customers:'.length));
        expect(new NamespacedCache(hub, 'customers').keys().sort()).toEqual(own.sort());
        hub.destroy();
      }),
    );
  });
});
