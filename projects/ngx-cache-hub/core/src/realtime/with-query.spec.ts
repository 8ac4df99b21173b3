import { withQuery } from './with-query';

describe('withQuery', () => {
  it('starts a query on a URL that has none', () => {
    expect(withQuery('/events', { types: 'a,b', since: 4 })).toBe('/events?types=a%2Cb&since=4');
  });

  it('extends a query that is already there', () => {
    expect(withQuery('wss://x.io/ws?v=2', { token: 't' })).toBe('wss://x.io/ws?v=2&token=t');
    expect(withQuery('/ws?', { token: 't' })).toBe('/ws?token=t');
  });

  it('leaves out undefined parameters and returns the URL untouched when none is left', () => {
    expect(withQuery('/ws', { token: undefined })).toBe('/ws');
    expect(withQuery('/ws', { token: undefined, since: 0 })).toBe('/ws?since=0');
  });

  it('keeps a fragment at the end', () => {
    expect(withQuery('/ws#x', { a: 1 })).toBe('/ws?a=1#x');
  });

  it('encodes names and values', () => {
    expect(withQuery('/ws', { 'a b': 'c&d' })).toBe('/ws?a%20b=c%26d');
  });
});
