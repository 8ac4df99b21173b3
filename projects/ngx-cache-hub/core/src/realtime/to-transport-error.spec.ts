import { CacheHubError, CacheHubErrorCode } from '../hub/cache-hub-error';
import { toTransportError } from './to-transport-error';

describe('toTransportError', () => {
  it('keeps a CacheHubError as it is', () => {
    const error = new CacheHubError(CacheHubErrorCode.MalformedFrame, 'x');
    expect(toTransportError(error, 'Polling')).toBe(error);
  });

  it('wraps an Error in TransportFailed, naming what failed and keeping the cause', () => {
    const cause = new TypeError('Failed to fetch');
    const error = toTransportError(cause, 'The SSE stream at /e');
    expect(error.code).toBe(CacheHubErrorCode.TransportFailed);
    expect(error.message).toMatch(/^ngx-cache-hub: NCH204: The SSE stream at \/e failed \(Failed to fetch\)\. It is reopened with backoff/);
    expect(error.cause).toBe(cause);
  });

  it('describes a socket close event by its code and reason', () => {
    expect(toTransportError({ type: 'close', code: 1006, reason: 'gone' }, 'The socket').message).toMatch(/failed \(closed with code 1006: gone\)/);
    expect(toTransportError({ type: 'close', code: 1011, reason: '' }, 'The socket').message).toMatch(/\(closed with code 1011\)/);
  });

  it('describes an error event by its type, and anything else as text', () => {
    expect(toTransportError({ type: 'error' }, 'The socket').message).toMatch(/\(error event\)/);
    expect(toTransportError('nope', 'The socket').message).toMatch(/\(nope\)/);
  });
});
