import { CacheHubError, CacheHubErrorCode } from '../hub/cache-hub-error';
import { toStorageError } from './storage-error';

describe('toStorageError', () => {
  it.each(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED'])('reports a %s as StorageFull', (name) => {
    const error = toStorageError(new DOMException('full', name), 'saving');
    expect(error.code).toBe(CacheHubErrorCode.StorageFull);
    expect(error.message).toContain('saving: the storage quota is exceeded');
  });

  it('reports any other failure as StorageUnavailable, with the cause', () => {
    const cause = new DOMException('denied', 'SecurityError');
    expect(toStorageError(cause, 'loading')).toMatchObject({ code: CacheHubErrorCode.StorageUnavailable, cause });
  });

  it('passes a CacheHubError through', () => {
    const error = new CacheHubError(CacheHubErrorCode.CorruptStoredQueue, 'bad');
    expect(toStorageError(error, 'loading')).toBe(error);
  });
});
