import type { OfflineQueueOptions } from './offline-queue-options';

/**
 * The user `options.scope()` names: a non-empty string, else `null` (nobody signed in). So
 * `undefined` (`auth.user()?.id` while signed out), `''` or a non-string never becomes a queue of
 * its own, and nothing is sent for it.
 */
export function signedInScope(options: Pick<OfflineQueueOptions, 'scope'>): string | null {
  const scope: unknown = options.scope();
  return typeof scope === 'string' && scope !== '' ? scope : null;
}
