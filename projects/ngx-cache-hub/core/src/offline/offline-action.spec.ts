import { CacheHubError, CacheHubErrorCode } from '../hub/cache-hub-error';
import { toOfflineActionError } from './offline-action';
import { permanentError } from './offline-permanent-error';
import { FakeHttpError } from './testing-internal/fake-server';

describe('toOfflineActionError', () => {
  it('keeps the message, status and name of an HTTP error as plain data', () => {
    expect(toOfflineActionError(new FakeHttpError(422))).toEqual({ message: 'HTTP 422', status: 422, name: 'Error' });
  });

  it('reads the status through a permanentError() wrapper', () => {
    expect(toOfflineActionError(permanentError({ message: 'conflict', status: 409 }))).toMatchObject({ status: 409, name: 'OfflinePermanentError' });
  });

  it('keeps the code of a CacheHubError', () => {
    const error = new CacheHubError(CacheHubErrorCode.UnknownActionType, 'no handler');
    expect(toOfflineActionError(error)).toMatchObject({ code: CacheHubErrorCode.UnknownActionType, name: 'CacheHubError' });
  });

  it('describes anything else by its string form', () => {
    expect(toOfflineActionError('offline')).toEqual({ message: 'offline' });
    expect(JSON.parse(JSON.stringify(toOfflineActionError(new TypeError('Failed to fetch'))))).toEqual({ message: 'Failed to fetch', name: 'TypeError' });
  });
});
