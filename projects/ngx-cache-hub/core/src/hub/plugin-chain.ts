import type { CacheHubPlugin, CacheWriteContext } from './cache-hub-plugin';

/** The hub's plugins, called in the order they were added. */
export class PluginChain {
  readonly #plugins: CacheHubPlugin[] = [];

  /** Adds `plugin`; returns a function that removes it (once: later calls do nothing). */
  add(plugin: CacheHubPlugin): () => void {
    this.#plugins.push(plugin);
    return () => {
      const index = this.#plugins.indexOf(plugin);
      if (index >= 0) this.#plugins.splice(index, 1);
    };
  }

  /** The value to store, as every plugin's `beforeWrite` corrected it. */
  beforeWrite(value: unknown, context: CacheWriteContext): unknown {
    for (const plugin of this.#plugins) if (plugin.beforeWrite) value = plugin.beforeWrite(value, context);
    return value;
  }

  /** What readers see of `key`: `value` through every plugin's view. */
  view(key: string, value: unknown): unknown {
    for (const plugin of this.#plugins) if (plugin.view) value = plugin.view(key, value);
    return value;
  }

  afterRemove(key: string, previous: unknown): void {
    for (const plugin of this.#plugins) plugin.afterRemove?.(key, previous);
  }

  observedChanged(key: string, observed: boolean): void {
    for (const plugin of this.#plugins) plugin.observedChanged?.(key, observed);
  }

  fetchSettled(key: string): void {
    for (const plugin of this.#plugins) plugin.fetchSettled?.(key);
  }

  destroyed(): void {
    for (const plugin of this.#plugins) plugin.destroyed?.();
  }
}
