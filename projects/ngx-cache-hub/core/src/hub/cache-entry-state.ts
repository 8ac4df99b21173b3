/** Everything a template needs to show one entry: its value and how fresh it is. */
export interface CacheEntryState<T> {
  /** The value, with optimistic layers applied; undefined while there is none. */
  readonly value: T | undefined;
  /** Whether a value is present. */
  readonly hasValue: boolean;
  /** Whether a request for this entry is in flight. */
  readonly isFetching: boolean;
  /** Whether the value is past its staleTime or was invalidated. */
  readonly isStale: boolean;
  /** The last fetch error, cleared by the next successful write. */
  readonly error: unknown;
  /** When the value was last written (ms since epoch), or null. */
  readonly updatedAt: number | null;
}
