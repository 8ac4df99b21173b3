import type { CacheEntry } from './cache-entry';

/** Counters of a hub since it was created. */
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

/** The stats of a hub with these counters, over its entries now. */
export function cacheStats(hits: number, misses: number, evictions: number, all: Iterable<CacheEntry>): CacheStats {
  let entries = 0;
  let inFlight = 0;
  for (const entry of all) {
    if (entry.hasValue) entries++;
    if (entry.inFlight) inFlight++;
  }
  return { hits, misses, hitRate: hits / (hits + misses) || 0, evictions, entries, inFlight };
}
