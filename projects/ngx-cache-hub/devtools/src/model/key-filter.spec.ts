import { keyFilter, matchesKey } from './key-filter';

describe('keyFilter', () => {
  const keys = ['products:detail-1', 'products:list-{}', 'orders:detail-1'];
  const matching = (text: string, mode?: 'filter' | 'invalidate') => keys.filter((key) => matchesKey(keyFilter(text, mode), key));

  it('filters by substring', () => {
    expect(matching('detail')).toEqual(['products:detail-1', 'orders:detail-1']);
    expect(matching('')).toEqual(keys);
  });

  it('reads /…/ as a RegExp and * as a glob', () => {
    expect(matching('/^products:/')).toEqual(['products:detail-1', 'products:list-{}']);
    expect(matching('*:detail-*')).toEqual(['products:detail-1', 'orders:detail-1']);
  });

  it('matches nothing for an invalid RegExp instead of throwing', () => {
    expect(matching('/(/')).toEqual([]);
  });

  it('takes plain text as an exact key when invalidating', () => {
    expect(matching('products:detail-1', 'invalidate')).toEqual(['products:detail-1']);
    expect(matching('detail', 'invalidate')).toEqual([]);
  });
});
