import { defer, retry, throwError, timer } from 'rxjs';
import type { CacheEntry } from './cache-entry';
import { type ResolvedCacheHubOptions, shouldRetry } from './cache-hub-options';

/** What a request does to the hub as it runs. */
export interface FetchHooks {
  /** Stores a value the request produced; `startedAt` is the logical time the request started. */
  write(entry: CacheEntry, value: unknown, startedAt: number): void;
  notify(entry: CacheEntry): void;
  /** The request ended, with or without an error. */
  settled(entry: CacheEntry): void;
  /** The next logical time. */
  tick(): number;
}

/**
 * Starts the request of an entry from its recorded source unless one is in flight, with the
 * entry's retry policy; its error reaches the fetch callers waiting for it. An invalidation while
 * the request ran fetches again once it settled: its answer may be from before the invalidation.
 */
export function startFetch(entry: CacheEntry, options: ResolvedCacheHubOptions, hooks: FetchHooks): void {
  if (entry.inFlight || !entry.source) return;
  const retryPolicy = entry.policy.retry ?? options.retry;
  const retryDelay = entry.policy.retryDelay ?? options.retryDelay;
  const startedAt = hooks.tick();
  const request = defer(entry.source).pipe(
    retry({ delay: (error, failures) => (shouldRetry(retryPolicy, failures, error) ? timer(retryDelay(failures - 1, error)) : throwError(() => error)) }),
  );
  let done = false;
  const end = (failed: boolean, error?: unknown) => {
    done = true;
    entry.inFlight = null;
    const waiters = failed ? [...(entry.fetchWaiters ?? [])] : [];
    if (failed) entry.error = error;
    entry.fetchWaiters = null;
    hooks.notify(entry);
    waiters.forEach((waiter) => waiter(error));
    hooks.settled(entry);
    if (entry.refetchQueued) {
      entry.refetchQueued = false;
      startFetch(entry, options, hooks);
    }
  };
  const subscription = request.subscribe({ next: (value) => hooks.write(entry, value, startedAt), error: (error) => end(true, error), complete: () => end(false) });
  if (!done) {
    entry.inFlight = subscription;
    hooks.notify(entry);
  }
}
