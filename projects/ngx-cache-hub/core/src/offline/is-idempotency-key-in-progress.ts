import { isPlainRecord } from './json-payload';
import { readHeader } from './read-header';

/** Body codes that say "a request with this idempotency key is still being processed". */
const IN_PROGRESS_CODES = new Set(['idempotency_key_in_progress', 'idempotency_error', 'request_in_progress']);

/**
 * Whether a 409 answer says the request's idempotency key is still being processed (the first
 * attempt is running on the server) rather than a real conflict. Yes when the error has status
 * 409 and either a `Retry-After` header, or its own `code` or `type` (the thrown error's fields),
 * or a body (`error.error` as in Angular's `HttpErrorResponse`, or `error.body`) whose `code` or
 * `type`, or whose nested `error.code`/`error.type`, is `idempotency_key_in_progress`,
 * `request_in_progress` or Stripe's `idempotency_error`.
 *
 * @example
 * classifyError: (e) => (isIdempotencyKeyInProgress(e) || myServerSaysBusy(e) ? { kind: 'transient' } : classifyOfflineError(e))
 */
export function isIdempotencyKeyInProgress(error: unknown): boolean {
  if (!isObject(error) || error['status'] !== 409) return false;
  if (readHeader(error['headers'], 'retry-after') !== undefined) return true;
  if (isInProgressCode(error['code']) || isInProgressCode(error['type'])) return true;
  return [error['error'], error['body']].some((body) => {
    if (!isPlainRecord(body)) return false;
    const nested = isPlainRecord(body['error']) ? body['error'] : {};
    return [body['code'], body['type'], nested['code'], nested['type']].some(isInProgressCode);
  });
}

function isInProgressCode(code: unknown): boolean {
  return typeof code === 'string' && IN_PROGRESS_CODES.has(code);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
