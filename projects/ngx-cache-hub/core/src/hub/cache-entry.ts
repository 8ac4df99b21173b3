import type { Observable, Subscription } from 'rxjs';
import type { FetchPolicy } from './cache-hub-options';

/** A fetch caller waiting for the in-flight request's outcome. */
export type FetchErrorListener = (error: unknown) => void;

/** The listeners of an entry never observed: empty, never added to. */
const NO_LISTENERS: ReadonlySet<() => void> = /* @__PURE__ */ new Set();
/** The policy of an entry no fetch gave one: empty, never written (fetch assigns a new object). */
export const NO_POLICY: FetchPolicy = /* @__PURE__ */ Object.freeze({});

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

  /**
   * Live subscribers (watch, watchState, fetch), told of every change; each decides what to emit.
   * Entries nobody ever observed share one empty set (memory per cached entity); `addListener` makes their own.
   */
  listeners: ReadonlySet<() => void> = NO_LISTENERS;
  /** Neighbours in the hub's least-recently-used order (`EntryTable`); null when out of the table. */
  older: CacheEntry | null = null;
  newer: CacheEntry | null = null;
  /** The transaction that last changed the value (`NotificationBatch.countChange`). */
  changedIn = 0;
  /** When the last observer left (ms), for gc. */
  unobservedSince = 0;

  /** How to (re)fetch this entry, recorded by the last fetch call. */
  source: (() => Observable<unknown>) | null = null;
  policy: FetchPolicy = NO_POLICY;
  inFlight: Subscription | null = null;
  /** Callers waiting for the in-flight request's outcome; made when the first one waits. */
  fetchWaiters: Set<FetchErrorListener> | null = null;

  constructor(readonly key: string) {}

  /** Adds a live subscriber; returns how many there are now. */
  addListener(listener: () => void): number {
    let listeners = this.listeners as Set<() => void>;
    if (listeners === NO_LISTENERS) this.listeners = listeners = new Set();
    return listeners.add(listener).size;
  }

  /** Removes a live subscriber; returns how many are left. */
  removeListener(listener: () => void): number {
    (this.listeners as Set<() => void>).delete(listener);
    return this.listeners.size;
  }
}
