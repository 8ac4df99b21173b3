import type { Observable, Subscription } from 'rxjs';
import type { FetchPolicy } from './cache-hub-options';

/** A fetch caller waiting for the in-flight request's outcome. */
export type FetchErrorListener = (error: unknown) => void;

/** The hub's record of one key. Internal: the hub owns every field. */
export class CacheEntry {
  /** Server state, as last written. */
  base: unknown = undefined;
  /** base as the plugins' views show it (optimistic layers): what readers see. */
  value: unknown = undefined;
  hasValue = false;
  updatedAt = 0;
  /** Set by invalidate; cleared by the next write. */
  invalidated = false;
  /** Invalidated while a request was in flight: its answer may be older than the invalidation, so fetch again once it settles. */
  refetchQueued = false;
  error: unknown = null;
  /** Per-entry ttl override. */
  ttl: number | undefined = undefined;

  /** Live subscribers (watch, watchState, fetch), told of every change; each decides what to emit. */
  readonly listeners = new Set<() => void>();
  /** When the last observer left (ms), for gc. */
  unobservedSince = 0;

  /** How to (re)fetch this entry, recorded by the last fetch call. */
  source: (() => Observable<unknown>) | null = null;
  policy: FetchPolicy = {};
  inFlight: Subscription | null = null;
  /** Callers waiting for the in-flight request's outcome; made when the first one waits. */
  fetchWaiters: Set<FetchErrorListener> | null = null;

  constructor(readonly key: string) {}
}
