import { isPermanentError, OfflinePermanentError, permanentError } from './offline-permanent-error';
import { FakeHttpError } from './testing-internal/fake-server';

describe('permanentError', () => {
  it('wraps an error, keeping its message, status and cause', () => {
    const cause = new FakeHttpError(409);
    const error = permanentError(cause);
    expect(error).toBeInstanceOf(OfflinePermanentError);
    expect(error).toMatchObject({ message: 'HTTP 409', status: 409, cause });
  });

  it('returns an already permanent error as it is', () => {
    const error = permanentError('nope');
    expect(permanentError(error)).toBe(error);
    expect(error.message).toBe('nope');
  });

  it('is recognised across copies of the library by its brand, not its class', () => {
    const foreign = { [Symbol.for('ngx-cache-hub.offline.permanent')]: true };
    expect(isPermanentError(foreign)).toBe(true);
    expect(isPermanentError(new Error('plain'))).toBe(false);
    expect(isPermanentError(null)).toBe(false);
  });
});
