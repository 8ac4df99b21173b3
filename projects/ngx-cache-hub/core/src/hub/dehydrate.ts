import type { CacheHub } from './cache-hub';
import type { KeyPattern } from './key-pattern';

/** A hub's server state as plain data (`[key, value]` pairs), for a transfer from server to browser. */
export interface DehydratedCache {
  /** Format version; {@link hydrate} ignores other versions. */
  readonly v: 1;
  readonly entries: readonly (readonly [key: string, value: unknown])[];
}

/** Options of {@link dehydrate}. */
export interface DehydrateOptions {
  /** Which keys to include (a key, a RegExp such as `/^products:/`, or a predicate). Default: every key that holds a value. */
  readonly keys?: KeyPattern;
}

/**
 * The server state of every entry that holds a value (optimistic layers left out), as plain data.
 * Values must survive `JSON.stringify` to cross to the browser (a `Date` arrives as a string).
 *
 * @example transferState.onSerialize(KEY, () => dehydrate(hub));
 */
export function dehydrate(hub: CacheHub, options: DehydrateOptions = {}): DehydratedCache {
  return { v: 1, entries: hub.keys(options.keys).map((key) => [key, hub.peek(key)] as const) };
}

/**
 * Writes dehydrated entries into `hub` in one transaction, as server state (the entity store indexes
 * them, so pushed events reach them). Keys that already hold a value keep it. Each entry counts as
 * written now: a fetch within its `staleTime` is served from the cache, without a request.
 * Returns how many entries were written.
 *
 * @example hydrate(hub, transferState.get(KEY, null));
 */
export function hydrate(hub: CacheHub, state: DehydratedCache | null | undefined): number {
  if (state?.v !== 1 || !Array.isArray(state.entries)) return 0;
  let written = 0;
  hub.transaction(() => {
    for (const [key, value] of state.entries) {
      if (value === undefined || hub.has(key)) continue;
      hub.set(key, value);
      written++;
    }
  });
  return written;
}
