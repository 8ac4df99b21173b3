import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { detailKey, listKey, parseEntityKey } from './entity-key';

describe('entity keys', () => {
  it('encode list params with sorted keys, so equal params name one list', () => {
    expect(listKey('products', { page: 1, category: 'a' })).toBe(listKey('products', { category: 'a', page: 1 }));
    expect(parseEntityKey(listKey('products', { page: 1 }))).toEqual({ kind: 'list', type: 'products', params: { page: 1 } });
    expect(parseEntityKey(detailKey('products', 42))).toEqual({ kind: 'detail', type: 'products', id: '42' });
  });

  it('refuse list params that are not JSON data (a cycle, a BigInt) with InvalidKey, not a RangeError', () => {
    const cyclic: Record<string, unknown> = { page: 1 };
    cyclic['self'] = cyclic;
    for (const params of [cyclic, { page: 1n }]) {
      expect(() => listKey('products', params)).toThrow(
        expect.objectContaining({ code: CacheHubErrorCode.InvalidKey, message: expect.stringMatching(/List params must be JSON data/) }),
      );
    }
  });
});
