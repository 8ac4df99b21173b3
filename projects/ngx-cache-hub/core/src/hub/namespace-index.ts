import { namespaceOf } from './cache-key';

/** Keys grouped by namespace, so namespace-anchored patterns visit only that namespace's keys. */
export class NamespaceIndex {
  readonly #byNamespace = new Map<string, Set<string>>();

  add(key: string): void {
    const namespace = namespaceOf(key);
    if (namespace === undefined) return;
    let keys = this.#byNamespace.get(namespace);
    if (!keys) this.#byNamespace.set(namespace, (keys = new Set()));
    keys.add(key);
  }

  remove(key: string): void {
    const namespace = namespaceOf(key);
    if (namespace === undefined) return;
    const keys = this.#byNamespace.get(namespace);
    if (keys?.delete(key) && keys.size === 0) this.#byNamespace.delete(namespace);
  }

  keysIn(namespace: string): ReadonlySet<string> {
    return this.#byNamespace.get(namespace) ?? EMPTY;
  }

  clear(): void {
    this.#byNamespace.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set();
