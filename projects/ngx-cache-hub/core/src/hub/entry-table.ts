import { CacheEntry } from './cache-entry';
import type { KeyMatcher } from './key-pattern';
import { NamespaceIndex } from './namespace-index';

/**
 * The hub's entries by key, with a namespace index so namespace-anchored patterns visit only their
 * namespace, in least-recently-used order: a list linked through the entries, so a touch relinks
 * two neighbours and hashes nothing.
 */
export class EntryTable {
  readonly #entries = new Map<string, CacheEntry>();
  readonly #namespaces = new NamespaceIndex();
  #oldest: CacheEntry | null = null;
  #newest: CacheEntry | null = null;

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): CacheEntry | undefined {
    return this.#entries.get(key);
  }

  /** Every entry, least recently used first; removing the one just given is safe. */
  *values(): IterableIterator<CacheEntry> {
    for (let entry = this.#oldest; entry;) {
      const next: CacheEntry | null = entry.newer;
      yield entry;
      entry = next;
    }
  }

  add(entry: CacheEntry): void {
    this.#entries.set(entry.key, entry);
    this.#namespaces.add(entry.key);
    this.#link(entry);
  }

  /** Removes `entry` if it is the one under its key; returns whether it was. */
  delete(entry: CacheEntry): boolean {
    if (this.#entries.get(entry.key) !== entry) return false;
    this.#entries.delete(entry.key);
    this.#namespaces.remove(entry.key);
    this.#unlink(entry);
    return true;
  }

  /** Moves an entry of the table to the most-recently-used end (one it no longer holds stays out). */
  touch(entry: CacheEntry): void {
    if (entry === this.#newest || (entry.older === null && entry !== this.#oldest)) return;
    this.#unlink(entry);
    this.#link(entry);
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
    for (const entry of this.#entries.values()) entry.older = entry.newer = null;
    this.#entries.clear();
    this.#namespaces.clear();
    this.#oldest = this.#newest = null;
  }

  #link(entry: CacheEntry): void {
    entry.older = this.#newest;
    entry.newer = null;
    if (this.#newest) this.#newest.newer = entry;
    else this.#oldest = entry;
    this.#newest = entry;
  }

  #unlink(entry: CacheEntry): void {
    const { older, newer } = entry;
    if (older) older.newer = newer;
    else this.#oldest = newer;
    if (newer) newer.older = older;
    else this.#newest = older;
    entry.older = entry.newer = null;
  }
}
