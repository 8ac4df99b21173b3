import { CacheHubError, CacheHubErrorCode } from '../hub/cache-hub-error';
import { decodeFrame } from './decode-frame';

describe('decodeFrame', () => {
  it('parses a JSON string', () => {
    expect(decodeFrame('{"type":"PING","seq":1}')).toEqual({ type: 'PING', seq: 1 });
  });

  it('returns an already-parsed value unchanged', () => {
    const frame = { type: 'PING' };
    expect(decodeFrame(frame)).toBe(frame);
  });

  it('throws MalformedFrame for a string that is not JSON', () => {
    expect(() => decodeFrame('{"type":')).toThrow(expect.objectContaining({ name: 'CacheHubError', code: CacheHubErrorCode.MalformedFrame }));
    expect(() => decodeFrame('nope')).toThrow(CacheHubError);
  });
});
