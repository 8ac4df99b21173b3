import { BehaviorSubject, NEVER, Observable } from 'rxjs';

import { BroadcastChannelFactory, coordinationName, globalBroadcastChannel, postChangeNotice, TabChannel } from './tab-channel';
import type { QueueChangeNotice, TabCoordinator, TabSession } from './tab-coordinator';

/** The part of `navigator.locks` the coordinator uses. */
export interface LockManagerLike {
  request(name: string, options: { mode?: 'exclusive' | 'shared'; signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown>;
}

/** Options of `WebLocksCoordinator`. */
export interface WebLocksCoordinatorOptions {
  /** `navigator.locks`. */
  readonly locks: LockManagerLike;
  /** Carries change notices between tabs. Default: the global `BroadcastChannel` when there is one, else none. */
  readonly broadcastChannel?: BroadcastChannelFactory;
  /** This tab's id in change notices. Default `crypto.randomUUID()`. */
  readonly tabId?: string;
}

/**
 * Leadership through an exclusive Web Lock per scope (`ngx-cache-hub:offline:<scope>`), held while
 * this tab replays; the browser hands it to a waiting tab when the holder closes or crashes.
 *
 * @example
 * new OfflineQueue({ ..., coordinator: new WebLocksCoordinator({ locks: navigator.locks }) });
 */
export class WebLocksCoordinator implements TabCoordinator {
  private readonly tabId: string;

  constructor(private readonly options: WebLocksCoordinatorOptions) {
    this.tabId = options.tabId ?? crypto.randomUUID();
  }

  /** Posts a change notice to the tabs in `scope` over BroadcastChannel, if there is one. */
  notify(scope: string, notice?: QueueChangeNotice): void {
    postChangeNotice(this.options.broadcastChannel ?? globalBroadcastChannel(), scope, this.tabId, notice);
  }

  join(scope: string): TabSession {
    const factory = this.options.broadcastChannel ?? globalBroadcastChannel();
    return new LockSession(this.options.locks, scope, factory && new TabChannel(factory, scope, this.tabId));
  }
}

class LockSession implements TabSession {
  private readonly leader = new BehaviorSubject(false);
  private readonly abort = new AbortController();
  private release: () => void = () => undefined;
  readonly leader$: Observable<boolean> = this.leader.asObservable();
  readonly changes$: Observable<QueueChangeNotice>;

  constructor(
    locks: LockManagerLike,
    scope: string,
    private readonly channel: TabChannel | undefined,
  ) {
    this.changes$ = channel?.changes$ ?? NEVER;
    const held = new Promise<void>((resolve) => (this.release = resolve));
    locks
      .request(coordinationName(scope), { mode: 'exclusive', signal: this.abort.signal }, async () => {
        if (this.abort.signal.aborted) return;
        this.leader.next(true);
        await held;
      })
      // Rejects with an AbortError when closed while still waiting: nothing to do.
      .catch(() => undefined);
  }

  notifyChange(notice?: QueueChangeNotice): void {
    this.channel?.post('changed', notice);
  }

  close(): void {
    this.abort.abort();
    this.release();
    this.leader.complete();
    this.channel?.close();
  }
}
