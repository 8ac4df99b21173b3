import type { CacheEntryState } from './cache-entry-state';
import { fetchStatusOf } from './fetch-status';

const state = (patch: Partial<CacheEntryState<number>>): CacheEntryState<number> => ({
  value: undefined,
  hasValue: false,
  isFetching: false,
  isStale: true,
  error: null,
  updatedAt: null,
  ...patch,
});

describe('fetchStatusOf', () => {
  it('is loading without a value, unless the last request failed and none is in flight', () => {
    expect(fetchStatusOf(state({}))).toBe('loading');
    expect(fetchStatusOf(state({ isFetching: true }))).toBe('loading');
    expect(fetchStatusOf(state({ error: new Error('404') }))).toBe('error');
    expect(fetchStatusOf(state({ error: new Error('404'), isFetching: true }))).toBe('loading');
  });

  it('is resolved or reloading with a value, even after a failed background refetch', () => {
    expect(fetchStatusOf(state({ value: 1, hasValue: true }))).toBe('resolved');
    expect(fetchStatusOf(state({ value: 1, hasValue: true, isFetching: true }))).toBe('reloading');
    expect(fetchStatusOf(state({ value: 1, hasValue: true, error: new Error('500') }))).toBe('resolved');
  });
});
