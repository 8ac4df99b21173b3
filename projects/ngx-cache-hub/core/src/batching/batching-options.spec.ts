import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { BatchingOptions, resolveBatchingOptions } from './batching-options';

describe('resolveBatchingOptions', () => {
  it('fills the documented defaults', () => {
    expect(resolveBatchingOptions()).toMatchObject({ debounceMs: 16, maxWaitMs: 100, maxBatch: 5000, invalidateListsAbove: 10 });
  });

  it.each<[string, BatchingOptions]>([
    ['a negative debounceMs', { debounceMs: -1 }],
    ['an infinite maxWaitMs', { maxWaitMs: Infinity }],
    ['a maxBatch below 1', { maxBatch: 0 }],
    ['a NaN invalidateListsAbove', { invalidateListsAbove: NaN }],
    ['a scheduler without schedule()', { scheduler: { now: () => 0 } as never }],
    ['an onError that is not a function', { onError: 'log' as never }],
  ])('rejects %s with InvalidOption', (_, options) => {
    expect(() => resolveBatchingOptions(options)).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidOption }));
  });

  it('accepts Infinity for the counts, to turn a trigger off', () => {
    expect(resolveBatchingOptions({ maxBatch: Infinity, invalidateListsAbove: Infinity })).toMatchObject({ maxBatch: Infinity });
  });
});
