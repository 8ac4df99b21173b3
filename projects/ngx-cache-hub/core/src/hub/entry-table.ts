import { CacheEntry } from './cache-entry';
import type { KeyMatcher } from './key-pattern';
import { NamespaceIndex } from './namespace-index';

/**
 * The hub's entries by key, in least-recently-used order (a Map keeps insertion order, so a touch
 * re-inserts), with a namespace index so namespace-anchored patterns visit only their namespace.
 */
export class EntryTable {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #namespaces = new NamespaceIndex();

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CacheEntry | undefined {
    return this.#entries.get(key);
  }

  /** Every entry, least recently used first. */
  values(): IterableIterator<CacheEntry> {
    return this.#entries.values();
  }

  add(entry: CacheEntry): void {
    this.#entries.set(entry.key, entry);
    this.#namespaces.add(entry.key);
  }

  /** Removes `entry` if it is the one under its key; returns whether it was. */
  delete(entry: CacheEntry): boolean {
    if (this.#entries.get(entry.key) !== entry) return false;
    this.#entries.delete(entry.key);
    this.#namespaces.remove(entry.key);
    return true;
  }

  /** Moves an entry to the most-recently-used end. */
  touch(entry: CacheEntry): void {
    this.#entries.delete(entry.key);
    this.#entries.set(entry.key, entry);
  }

  /** Keys in `namespace` (with or without a value). */
  keysIn(namespace: string): ReadonlySet<string> {
    return this.#namespaces.keysIn(namespace);
  }

  /** The entries whose key `matcher` accepts (every entry without one). */
  matching(matcher: KeyMatcher | undefined): CacheEntry[] {
    if (!matcher) return [...this.#entries.values()];
    if (matcher.exact !== undefined) {
      const entry = this.#entries.get(matcher.exact);
      return entry ? [entry] : [];
    }
    const candidates = matcher.namespace !== undefined ? this.#namespaces.keysIn(matcher.namespace) : this.#entries.keys();
    const result: CacheEntry[] = [];
    for (const key of candidates) if (matcher.test(key)) result.push(this.#entries.get(key)!);
    return result;
  }

  clear(): void {
    this.#entries.clear();
    this.#namespaces.clear();
  }
}
