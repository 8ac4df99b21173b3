import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';

declare const ngDevMode: boolean | undefined;

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** Whether a storage API threw because its quota is exceeded. */
export function isQuotaError(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' && QUOTA_NAMES.has(name);
}

/** Maps what a storage API threw to a `CacheHubError`: StorageFull for quota errors, StorageUnavailable otherwise. */
export function toStorageError(error: unknown, what: string | boolean): CacheHubError {
  if (error instanceof CacheHubError) return error;
  if (isQuotaError(error)) {
    return new CacheHubError(
      301 satisfies CacheHubErrorCode.StorageFull,
      (typeof ngDevMode === 'undefined' || ngDevMode) && `${what}: the storage quota is exceeded; the action is kept in memory until space frees up. Free some storage or sync.`,
      { cause: error },
    );
  }
  return new CacheHubError(
    303 satisfies CacheHubErrorCode.StorageUnavailable,
    (typeof ngDevMode === 'undefined' || ngDevMode) &&
      `${what}: the storage failed (${error instanceof Error ? error.message : String(error)}); the queue keeps working in memory. Check the storage adapter.`,
    { cause: error },
  );
}
