import type { Observable, Subscription } from 'rxjs';
import type { FetchPolicy } from './cache-hub-options';

/** One optimistic edit of an entry, tagged with its layer. */
export interface EntryLayer {
  readonly id: number;
  readonly update: (current: unknown) => unknown;
}

/** A fetch caller waiting for the in-flight request's outcome. */
export type FetchErrorListener = (error: unknown) => void;

/** The hub's record of one key. Internal: the hub owns every field. */
export class CacheEntry {
  /** Server state, as last written. */
  base: unknown = undefined;
  /** base with the optimistic layers applied: what readers see. */
  value: unknown = undefined;
  hasValue = false;
  layers: EntryLayer[] = [];
  updatedAt = 0;
  /** Set by invalidate; cleared by the next write. */
  invalidated = false;
  error: unknown = null;
  /** Per-entry ttl override. */
  ttl: number | undefined = undefined;

  /** Live subscribers to value changes. */
  readonly listeners = new Set<(value: unknown) => void>();
  /** Live subscribers to state changes (isFetching, error, value). */
  readonly stateListeners = new Set<() => void>();
  /** When the last observer left (ms), for gc. */
  unobservedSince = 0;
  lastEmitted: unknown = undefined;

  /** How to (re)fetch this entry, recorded by the last fetch call. */
  source: (() => Observable<unknown>) | null = null;
  policy: FetchPolicy = {};
  inFlight: Subscription | null = null;
  /** Logical time at which the in-flight request started. */
  fetchStartedAt = 0;
  readonly fetchWaiters = new Set<FetchErrorListener>();

  constructor(readonly key: string) {}

  get observers(): number {
    return this.listeners.size + this.stateListeners.size;
  }

  /** Recomputes `value` from base and layers. */
  recompute(): void {
    let value = this.base;
    for (const layer of this.layers) value = layer.update(value);
    this.value = value;
    this.hasValue = value !== undefined;
  }
}
