import type { CacheHub } from '../hub/cache-hub';
import { namespaceOf } from '../hub/cache-key';

/**
 * Keeps observed, fetched entries fresh: polls them at their `refetchInterval` (one timer per
 * entry, never per observer), refetches on focus and on reconnect, stops polling in hidden tabs
 * (unless `refetchIntervalInBackground`) and pauses it for namespaces whose real-time channel is
 * connected (unless `pollWhileLive`). The app tells it about visibility, network and push
 * channels; the Angular layer does this from `document` and the real-time connection.
 */
export class RefetchScheduler {
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Keys something observes, as the hub reports them. */
  readonly #observed = new Set<string>();
  readonly #live = new Set<string>();
  #visible = true;
  #online = true;
  readonly #detach: () => void;

  constructor(private readonly hub: CacheHub) {
    this.#detach = hub.registerPlugin({
      observedChanged: (key, observed) => {
        if (observed) {
          this.#observed.add(key);
          this.#arm(key);
        } else {
          this.#observed.delete(key);
          this.#disarm(key);
        }
      },
      fetchSettled: (key) => this.#arm(key),
    });
  }

  /** The tab became visible (refetch per `refetchOnFocus`, resume polling) or hidden. */
  setVisible(visible: boolean): void {
    if (visible === this.#visible) return;
    this.#visible = visible;
    if (visible) this.#wake('refetchOnFocus');
    else this.#rearmAll();
  }

  /** The network came back (refetch per `refetchOnReconnect`, resume polling) or went away. */
  setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    if (online) this.#wake('refetchOnReconnect');
    else this.#rearmAll();
  }

  /** The real-time channel of `namespace` connected (polling pauses) or dropped (polling resumes). */
  setLive(namespace: string, live: boolean): void {
    if (live === this.#live.has(namespace)) return;
    if (live) this.#live.add(namespace);
    else this.#live.delete(namespace);
    for (const key of [...this.#observed]) if (namespaceOf(key) === namespace) this.#arm(key);
  }

  /** Whether a poll timer is armed for `key`. */
  isPolling(key: string): boolean {
    return this.#timers.has(key);
  }

  /** Clears every timer and stops listening to the hub. */
  destroy(): void {
    for (const key of [...this.#timers.keys()]) this.#disarm(key);
    this.#detach();
  }

  #wake(trigger: 'refetchOnFocus' | 'refetchOnReconnect'): void {
    for (const key of [...this.#observed]) {
      const policy = this.hub.policyOf(key);
      if (!policy) continue; // nothing to refetch from
      const when = policy[trigger] ?? true;
      if (when === 'always' || (when && this.hub.isStale(key))) this.hub.refetch(key);
      else this.#arm(key);
    }
  }

  #rearmAll(): void {
    for (const key of [...this.#observed]) this.#arm(key);
  }

  #arm(key: string): void {
    this.#disarm(key);
    const interval = this.#intervalOf(key);
    if (interval === undefined) return;
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        this.hub.refetch(key);
      }, interval),
    );
  }

  #disarm(key: string): void {
    const timer = this.#timers.get(key);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(key);
  }

  /** The poll interval of an observed entry now, or undefined when it should not poll. */
  #intervalOf(key: string): number | undefined {
    const policy = this.hub.policyOf(key);
    if (!this.#online || !policy) return undefined;
    if (!this.#visible && !policy.refetchIntervalInBackground) return undefined;
    const namespace = namespaceOf(key);
    if (namespace !== undefined && this.#live.has(namespace) && !policy.pollWhileLive) return undefined;
    const setting = policy.refetchInterval;
    const interval = typeof setting === 'function' ? setting(this.hub.peek(key)) : setting;
    return typeof interval === 'number' && interval > 0 && Number.isFinite(interval) ? interval : undefined;
  }
}
