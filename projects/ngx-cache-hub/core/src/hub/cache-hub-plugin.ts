/** What a plugin learns about a write. */
export interface CacheWriteContext {
  readonly key: string;
  /** The server-state value before this write. */
  readonly previous: unknown;
  /** Logical time at which the request that produced this value started; undefined for plain sets. */
  readonly fetchStartedAt: number | undefined;
}

/**
 * Sees every write and removal of the hub; the entity store uses it to index entities and to
 * reconcile fetched payloads with newer known versions. Internal extension point.
 */
export interface CacheHubPlugin {
  /** May return a corrected value to store instead of `value` (undefined stores nothing). */
  beforeWrite?(value: unknown, context: CacheWriteContext): unknown;
  /** What readers see of `key`: `value` (server state, or an earlier plugin's view) with this plugin's changes on top. */
  view?(key: string, value: unknown): unknown;
  /** Called after the value under `key` was removed (deleted, evicted or collected). */
  afterRemove?(key: string, previous: unknown): void;
  /** Called when an entry gains its first observer (true) or loses its last (false). */
  observedChanged?(key: string, observed: boolean): void;
  /** Called by the hub's `destroy()`: drop what you keep for its entries. */
  destroyed?(): void;
  /** Called when a request for `key` ended, with or without an error. */
  fetchSettled?(key: string): void;
}
