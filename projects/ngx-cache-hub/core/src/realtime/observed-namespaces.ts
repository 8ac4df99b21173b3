import { type CacheHub } from '../hub/cache-hub';
import { namespaceOf } from '../hub/cache-key';

/**
 * Counts observed entries per namespace and says when a namespace gains its first observed
 * entry and loses its last: the real-time layer subscribes to an entity type exactly while
 * something on screen shows it.
 */
export class ObservedNamespaces {
  readonly #counts = new Map<string, number>();
  readonly #detach: () => void;

  constructor(
    hub: CacheHub,
    private readonly onFirst: (namespace: string) => void,
    private readonly onLast: (namespace: string) => void,
  ) {
    this.#detach = hub.registerPlugin({ observedChanged: (key, observed) => this.#change(key, observed ? 1 : -1) });
  }

  /** Namespaces with at least one observed entry. */
  get namespaces(): string[] {
    return [...this.#counts.keys()];
  }

  /** Stops counting (it does not call onLast). */
  destroy(): void {
    this.#detach();
    this.#counts.clear();
  }

  #change(key: string, delta: 1 | -1): void {
    const namespace = namespaceOf(key);
    if (namespace === undefined) return;
    const count = (this.#counts.get(namespace) ?? 0) + delta;
    if (count > 0) this.#counts.set(namespace, count);
    else this.#counts.delete(namespace);
    if (delta === 1 && count === 1) this.onFirst(namespace);
    if (delta === -1 && count === 0) this.onLast(namespace);
  }
}
