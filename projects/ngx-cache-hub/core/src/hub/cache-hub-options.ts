import { CacheHubError, type CacheHubErrorCode } from './cache-hub-error';
import { describe } from './cache-key';
import { exponentialBackoff, RetryDelay } from './retry-delay';

/** Set to false by production builds (Angular CLI), which drops the dev-only code it guards. */
declare const ngDevMode: boolean | undefined;

/** Whether to retry a failed fetch: a count of retries, or a predicate on (failures so far, error). */
export type RetryPolicy = number | boolean | ((failureCount: number, error: unknown) => boolean);

/** Per-fetch freshness and retry settings; each falls back to the namespace's, then the hub's. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` default: a policy for any value type
export interface FetchPolicy<T = any> {
  /** How long (ms) a fetched value counts as fresh; a fresh value is served without a request. Default 0. */
  staleTime?: number;
  /** Retries of a failed request. Default 3. */
  retry?: RetryPolicy;
  /** Delay before each retry. Default exponential backoff from 1 s, capped at 30 s, with jitter. */
  retryDelay?: RetryDelay;
  /**
   * Poll an observed entry every N ms (false: never). A function gets the current value and picks
   * the interval, so polling can adapt to the data. Needs the refetch scheduler (on in Angular). Default false.
   */
  refetchInterval?: number | false | ((value: T | undefined) => number | false);
  /** Keep polling while the tab is hidden. Default false. */
  refetchIntervalInBackground?: boolean;
  /** Refetch observed entries when the tab becomes visible: when stale (true), always, or never. Default true. */
  refetchOnFocus?: boolean | 'always';
  /** Refetch observed entries when the network comes back: when stale (true), always, or never. Default true. */
  refetchOnReconnect?: boolean | 'always';
  /** Keep polling while the real-time channel for the entry's namespace is connected. Default false. */
  pollWhileLive?: boolean;
}

/** Options of the hub, all optional. */
export interface CacheHubOptions extends FetchPolicy {
  /**
   * Entries kept before the least recently used unobserved one is evicted. Every key the hub
   * tracks counts, also one observed or fetching without a value yet; observed, fetching and
   * just-written entries are never evicted. Default 10 000.
   */
  maxEntries?: number;
  /** Age (ms) after which a value expires: unobserved entries are dropped, observed ones turn stale. Default 5 minutes. */
  ttl?: number;
  /** How long (ms) an entry nobody observes is kept. Default 5 minutes. */
  gcTime?: number;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
  /** Fetch defaults per namespace, between the hub's options and each fetch's own. */
  namespaces?: Readonly<Record<string, FetchPolicy>>;
}

/** The hub's options with every default filled in. */
export type ResolvedCacheHubOptions = Required<Pick<CacheHubOptions, 'maxEntries' | 'ttl' | 'gcTime' | 'staleTime' | 'retry' | 'retryDelay' | 'now' | 'namespaces'>> &
  CacheHubOptions;

/** Fills defaults; in development builds, rejects invalid values with `InvalidOption`. */
export function resolveCacheHubOptions(options: CacheHubOptions = {}): ResolvedCacheHubOptions {
  const resolved: ResolvedCacheHubOptions = {
    ...options,
    namespaces: options.namespaces ?? {},
    maxEntries: options.maxEntries ?? 10_000,
    ttl: options.ttl ?? 5 * 60_000,
    gcTime: options.gcTime ?? 5 * 60_000,
    staleTime: options.staleTime ?? 0,
    retry: options.retry ?? 3,
    retryDelay: options.retryDelay ?? exponentialBackoff(),
    now: options.now ?? Date.now,
  };
  if (typeof ngDevMode === 'undefined' || ngDevMode) assertValidOptions(resolved);
  return resolved;
}

function assertValidOptions(resolved: ResolvedCacheHubOptions): void {
  for (const name of ['maxEntries', 'ttl', 'gcTime', 'staleTime'] as const) {
    const value = resolved[name];
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
      throw new CacheHubError(
        104 satisfies CacheHubErrorCode.InvalidOption,
        (typeof ngDevMode === 'undefined' || ngDevMode) && `Option '${name}' must be a number >= 0 (Infinity allowed), got ${describe(value)}`,
      );
    }
  }
}

/** Whether to retry after `failureCount` failures, by a policy. */
export function shouldRetry(policy: RetryPolicy, failureCount: number, error: unknown): boolean {
  if (typeof policy === 'function') return policy(failureCount, error);
  if (typeof policy === 'boolean') return policy;
  return failureCount <= policy;
}

/** Options of {@link CacheHub.set}. */
export interface SetOptions {
  /** This entry's ttl in ms, instead of the hub's. */
  ttl?: number;
}

/** Options of {@link CacheHub.invalidate}. */
export interface InvalidateOptions {
  /** Refetch observed entries that have a source. Default true. */
  refetch?: boolean;
}
