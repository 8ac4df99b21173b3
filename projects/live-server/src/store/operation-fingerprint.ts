import { createHash } from 'node:crypto';
import type { StoreOperation } from './store-command';

/**
 * What an idempotency key was first used for: the first 16 hex digits of the SHA-256 of the
 * operation's JSON (route and body, as the server understood them). The same request built
 * again, in any process or after a restart, gives the same fingerprint.
 */
export function operationFingerprint(operation: StoreOperation): string {
  return createHash('sha256').update(JSON.stringify(operation)).digest('hex').slice(0, 16);
}

/** The answer to a key used again for another request (docs/offline.md: a client bug, permanent). */
export function reusedKeyError(key: string): string {
  return `Idempotency-Key "${key.slice(0, 40)}" was already used for a different request (another route or body); use a new key for a new request`;
}
