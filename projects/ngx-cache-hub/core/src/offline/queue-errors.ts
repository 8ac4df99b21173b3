import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import type { QuarantinedRecord } from './offline-queue-storage';

declare const ngDevMode: boolean | undefined;

/** NCH105: the queue was used after `destroy()`. */
export function destroyedError(): CacheHubError {
  return new CacheHubError(105 satisfies CacheHubErrorCode.HubDestroyed, (typeof ngDevMode === 'undefined' || ngDevMode) && 'the offline queue was destroyed. Create a new one.');
}

/** NCH300: no handler for an action type. */
export function unknownTypeError(type: string): CacheHubError {
  return new CacheHubError(
    300 satisfies CacheHubErrorCode.UnknownActionType,
    (typeof ngDevMode === 'undefined' || ngDevMode) &&
      `no handler is registered for the offline action type "${type}". Register one with withOfflineSync({ handlers }) or register().`,
  );
}

/** NCH104: `register()` of a type the queue keeps for its own records. */
export function reservedTypeError(type: string): CacheHubError {
  return new CacheHubError(
    104 satisfies CacheHubErrorCode.InvalidOption,
    (typeof ngDevMode === 'undefined' || ngDevMode) && `the action type "${type}" is reserved (ngx-cache-hub/...). Pick another name.`,
  );
}

/** NCH306: a handler's `createsEntity.tempId()` gave something other than a non-empty string. */
export function invalidTempIdError(type: string, tempId: unknown): CacheHubError {
  return new CacheHubError(
    306 satisfies CacheHubErrorCode.InvalidActionPayload,
    (typeof ngDevMode === 'undefined' || ngDevMode) && `createsEntity.tempId() of "${type}" returned ${String(tempId)}; a temp id must be a non-empty string.`,
  );
}

/** NCH304: a handler's `createsEntity.serverId()` gave no usable id; the temp id stays in later actions. */
export function invalidServerIdError(type: string, serverId: unknown): CacheHubError {
  return new CacheHubError(
    304 satisfies CacheHubErrorCode.ActionFailed,
    (typeof ngDevMode === 'undefined' || ngDevMode) &&
      `createsEntity.serverId() of "${type}" returned ${String(serverId)}: not a new id (a non-empty string or a finite number), so no temp id was remapped.`,
  );
}

/** NCH305: `enqueue()` while nobody is signed in. */
export function noUserScopeError(): CacheHubError {
  return new CacheHubError(
    305 satisfies CacheHubErrorCode.NoUserScope,
    (typeof ngDevMode === 'undefined' || ngDevMode) && 'cannot queue an offline action without a user scope. Sign in first, or return a scope from the scope() option.',
  );
}

/** NCH304 around anything unexpected (a throwing cache bridge or handler hook); a `CacheHubError` as is. */
export function unexpectedError(error: unknown): CacheHubError {
  return error instanceof CacheHubError
    ? error
    : new CacheHubError(
        304 satisfies CacheHubErrorCode.ActionFailed,
        (typeof ngDevMode === 'undefined' || ngDevMode) && `the offline queue hit an unexpected error: ${String(error)}. See the cause.`,
        { cause: error },
      );
}

/** NCH302: records of `scope` were quarantined; `cause` holds them. */
export function quarantineError(scope: string, records: readonly QuarantinedRecord[]): CacheHubError {
  const reasons = [...new Set(records.map((r) => r.reason))].join('; ');
  return new CacheHubError(
    302 satisfies CacheHubErrorCode.CorruptStoredQueue,
    (typeof ngDevMode === 'undefined' || ngDevMode) &&
      `${records.length} stored offline record(s) of scope "${scope}" were invalid (${reasons}) and were quarantined; they will not be replayed. Inspect them with storage.quarantined(scope).`,
    { cause: records },
  );
}
