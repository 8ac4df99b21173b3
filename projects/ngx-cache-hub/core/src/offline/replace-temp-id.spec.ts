import { replaceTempId } from './replace-temp-id';

describe('replaceTempId', () => {
  it('replaces the temp id wherever it appears as a value, however deep', () => {
    const payload = { id: 'tmp-1', lines: [{ productId: 'tmp-1', qty: 2 }], refs: ['tmp-1', 'other'] };
    expect(replaceTempId(payload, 'tmp-1', 17)).toEqual({ id: 17, lines: [{ productId: 17, qty: 2 }], refs: [17, 'other'] });
  });

  it('leaves keys, substrings and other types alone', () => {
    const payload = { 'tmp-1': 'x', note: 'was tmp-1', n: 1, flag: true, none: null };
    expect(replaceTempId(payload, 'tmp-1', 'srv-1')).toBe(payload);
  });

  it('keeps the references of untouched branches', () => {
    const untouched = { a: [1, 2] };
    const payload = { untouched, id: 'tmp-1' };
    const result = replaceTempId(payload, 'tmp-1', 5);
    expect(result).not.toBe(payload);
    expect(result.untouched).toBe(untouched);
    expect(payload.id).toBe('tmp-1');
  });

  it('replaces a payload that is the temp id itself', () => {
    expect(replaceTempId('tmp-1', 'tmp-1', 3)).toBe(3);
  });
});
