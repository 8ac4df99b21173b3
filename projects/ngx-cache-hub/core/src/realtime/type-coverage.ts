import { type CacheHub } from '../hub/cache-hub';
import { type StreamPosition } from '../hub/stream-position';
import { namespaceOf } from '../hub/cache-key';

interface TypeState {
  readonly observed: Set<string>;
  /** While the type is not live: the position each cached entry is current to (absent: unknown). */
  readonly marks: Map<string, StreamPosition>;
  live: boolean;
  /** Logical time the live stream started; fetches started since are covered by it. */
  liveSince: number;
  /** Where the live stream started: events after it are delivered. */
  start: StreamPosition | undefined;
  /** The `since` last asked for when subscribing. */
  since: StreamPosition | undefined;
}

/**
 * What the live stream of each entity type covers: which cached entries are current to which
 * stream position while the type is not live, and, when its subscription is acknowledged, which
 * entries the stream cannot bring up to date and must be refetched.
 */
export class TypeCoverage {
  readonly #types = new Map<string, TypeState>();
  #destroyed = false;

  constructor(
    private readonly hub: CacheHub,
    private readonly isLive: (type: string) => boolean,
  ) {}

  /** The epoch the type's stream last started in (or its resume position's). */
  epochOf(type: string): string | undefined {
    const state = this.#types.get(type);
    return state?.start?.epoch ?? state?.since?.epoch;
  }

  /** Stops: deferred refetches are dropped. */
  destroy(): void {
    this.#destroyed = true;
    this.#types.clear();
  }

  /** Counts observed entries of a type; returns how many are observed now. */
  observe(type: string, key: string, observed: boolean): number {
    const { observed: keys } = this.#state(type);
    if (observed) keys.add(key);
    else keys.delete(key);
    return keys.size;
  }

  /** A fetch answered for `key` at `position` (when the server said). */
  fetched(key: string, position: StreamPosition | undefined, fetchStartedAt: number): void {
    const type = namespaceOf(key);
    const state = type === undefined ? undefined : this.#types.get(type);
    if (!state) return;
    if (!state.live || !this.isLive(type!)) {
      if (position) state.marks.set(key, position);
      else state.marks.delete(key);
    } else if (fetchStartedAt < state.liveSince && !covers(state.start, position)) {
      // Answered from before the stream started, at an unknown or older position: fetch it again.
      void Promise.resolve().then(() => this.#destroyed || this.hub.invalidate((candidate) => candidate === key));
    }
  }

  /** Forgets an entry that left the hub. */
  forget(key: string): void {
    const type = namespaceOf(key);
    if (type !== undefined) this.#types.get(type)?.marks.delete(key);
  }

  /** Where a type resumes: the oldest position of its entries (in the cursor's epoch when known), else the cursor. */
  resumeFrom(type: string, cursor: StreamPosition | undefined): StreamPosition | undefined {
    const state = this.#state(type);
    let oldest: StreamPosition | undefined;
    for (const mark of state.marks.values()) {
      if (cursor && mark.epoch !== cursor.epoch) continue;
      if (!oldest || (mark.epoch === oldest.epoch && mark.seq < oldest.seq)) oldest = mark;
    }
    return (state.since = oldest ?? cursor);
  }

  /** The type's stream stopped (unfollowed, connection lost): every cached entry is current to `cursor`. */
  stopped(type: string, cursor: StreamPosition | undefined): void {
    const state = this.#types.get(type);
    if (!state?.live) return;
    state.live = false;
    for (const key of this.hub.keysInNamespace(type)) {
      // An entry without a value (its fetch failed or is still out) is current to nothing.
      if (cursor && this.hub.peek(key) !== undefined) state.marks.set(key, cursor);
      else state.marks.delete(key);
    }
  }

  /**
   * The server acknowledged the type's subscription (live from `position`; after replaying from the
   * `since` asked for, unless `resync`). Returns the keys the stream cannot bring up to date: all of
   * the type's after a resync, else those current to no position at or after the replay's start,
   * and observed entries without a value (in error, or never answered).
   */
  started(type: string, position: StreamPosition | undefined, resync: boolean): Set<string> {
    const state = this.#state(type);
    const replayedFrom = !resync && position && state.since?.epoch === position.epoch ? state.since : undefined;
    const start = position ? (replayedFrom ?? position) : undefined;
    const stale = new Set<string>();
    for (const key of [...this.hub.keysInNamespace(type), ...state.observed]) {
      if (resync || !covers(start, state.marks.get(key))) stale.add(key);
    }
    state.marks.clear();
    state.live = true;
    state.liveSince = this.hub.logicalTime();
    state.start = start;
    return stale;
  }

  #state(type: string): TypeState {
    let state = this.#types.get(type);
    if (!state) this.#types.set(type, (state = { observed: new Set(), marks: new Map(), live: false, liveSince: Infinity, start: undefined, since: undefined }));
    return state;
  }
}

/** Whether an entry current to `position` misses nothing that a stream starting at `start` delivers. */
function covers(start: StreamPosition | undefined, position: StreamPosition | undefined): boolean {
  return !!start && !!position && position.epoch === start.epoch && position.seq >= start.seq;
}
