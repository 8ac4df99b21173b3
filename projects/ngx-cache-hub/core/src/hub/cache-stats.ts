/** Counters of a hub since it was created (or since `resetStats`). */
export interface CacheStats {
  /** Reads and fetches served from a fresh cached value. */
  readonly hits: number;
  /** Reads that found nothing and fetches that had to go to the source. */
  readonly misses: number;
  /** hits / (hits + misses), 0 when there were none. */
  readonly hitRate: number;
  /** Entries removed by LRU, TTL or gc. */
  readonly evictions: number;
  /** Entries holding a value now. */
  readonly entries: number;
  /** Requests in flight now. */
  readonly inFlight: number;
}
