import { defer, isObservable, Observable } from 'rxjs';
import type { CacheHub, FetchSource } from 'ngx-cache-hub/core';

/**
 * Holds one Angular pending task per key from the moment its source is subscribed until the hub
 * says the request settled (after every retry and retry delay), so the app is not stable, and SSR
 * does not render, while a request of any kind (Observable, Promise, `fetch()`) is in flight.
 * Internal: `CacheHubService.fetch` wraps every source with it.
 */
export class PendingFetches {
  readonly #held = new Map<string, () => void>();
  readonly #detach: () => void;

  constructor(
    hub: CacheHub,
    private readonly addTask: () => () => void,
  ) {
    this.#detach = hub.registerPlugin({
      fetchSettled: (key) => this.#release(key),
      afterRemove: (key) => this.#release(key),
      destroyed: () => [...this.#held.keys()].forEach((key) => this.#release(key)),
    });
  }

  /** `source`, holding a pending task for `key` while it runs; anything else is returned as is (the hub reports it). */
  wrap<T>(key: string, source: FetchSource<T>): FetchSource<T> {
    const factory = isObservable(source) ? () => source : typeof source === 'function' ? source : undefined;
    if (!factory) return source;
    return () =>
      new Observable<T>((subscriber) => {
        if (!this.#held.has(key)) this.#held.set(key, this.addTask());
        let ended = false;
        const end = () => (ended = true);
        const inner = defer(factory).subscribe({
          next: (value) => subscriber.next(value),
          // The task stays through an error: a retry may follow; the hub's settle releases it.
          error: (error) => (end(), subscriber.error(error)),
          complete: () => (end(), subscriber.complete()),
        });
        return () => {
          inner.unsubscribe();
          if (!ended) this.#release(key); // cancelled: the hub will not settle this request
        };
      });
  }

  /** Releases every task and stops listening to the hub. */
  destroy(): void {
    [...this.#held.keys()].forEach((key) => this.#release(key));
    this.#detach();
  }

  #release(key: string): void {
    const release = this.#held.get(key);
    this.#held.delete(key);
    release?.();
  }
}
