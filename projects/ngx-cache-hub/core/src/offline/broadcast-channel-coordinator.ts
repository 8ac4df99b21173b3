import { BehaviorSubject, Observable, Subscription } from 'rxjs';
import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { BroadcastChannelFactory, globalBroadcastChannel, postChangeNotice, TabChannel, TabMessage } from './tab-channel';
import type { QueueChangeNotice, TabCoordinator, TabSession } from './tab-coordinator';

declare const ngDevMode: boolean | undefined;

/** Options of `BroadcastChannelCoordinator`. */
export interface BroadcastChannelCoordinatorOptions {
  /** Opens the channel. Default: the global `BroadcastChannel`. */
  readonly broadcastChannel?: BroadcastChannelFactory;
  /** How often the leader says it is alive. Default 1000 ms. */
  readonly heartbeatMs?: number;
  /** Silence after which followers elect a new leader. Default 3 × `heartbeatMs`. */
  readonly leaseMs?: number;
  /** How long a candidate waits for objections before leading. Default `heartbeatMs` / 2. */
  readonly claimMs?: number;
  /** This tab's id; the lowest id wins a contested election. Default `crypto.randomUUID()`. */
  readonly tabId?: string;
}

/**
 * Leader election over `BroadcastChannel`, for browsers without Web Locks. A joining tab claims;
 * a live leader answers with a heartbeat and keeps leading; contested claims go to the lowest tab
 * id; a leader that closes resigns, one that crashes is replaced once its lease runs out. A brief
 * overlap of two leaders is possible, which the idempotency key makes harmless.
 *
 * @example
 * new OfflineQueue({ ..., coordinator: new BroadcastChannelCoordinator({ heartbeatMs: 2000 }) });
 */
export class BroadcastChannelCoordinator implements TabCoordinator {
  private readonly tabId: string;

  constructor(private readonly options: BroadcastChannelCoordinatorOptions = {}) {
    this.tabId = options.tabId ?? crypto.randomUUID();
  }

  /** Posts a change notice to the tabs in `scope` over BroadcastChannel, if there is one. */
  notify(scope: string, notice?: QueueChangeNotice): void {
    postChangeNotice(this.options.broadcastChannel ?? globalBroadcastChannel(), scope, this.tabId, notice);
  }

  join(scope: string): TabSession {
    const factory = this.options.broadcastChannel ?? globalBroadcastChannel();
    if (!factory) {
      throw new CacheHubError(
        104 satisfies CacheHubErrorCode.InvalidOption,
        (typeof ngDevMode === 'undefined' || ngDevMode) && 'BroadcastChannel is not available here. Use defaultTabCoordinator() or SingleTabCoordinator.',
      );
    }
    const heartbeatMs = this.options.heartbeatMs ?? 1000;
    return new ElectionSession(new TabChannel(factory, scope, this.tabId), this.tabId, {
      heartbeatMs,
      leaseMs: this.options.leaseMs ?? heartbeatMs * 3,
      claimMs: this.options.claimMs ?? heartbeatMs / 2,
    });
  }
}

interface ElectionTiming {
  readonly heartbeatMs: number;
  readonly leaseMs: number;
  readonly claimMs: number;
}

class ElectionSession implements TabSession {
  private readonly leader = new BehaviorSubject(false);
  private readonly subscription: Subscription;
  private state: 'follower' | 'candidate' | 'leader' = 'follower';
  private lastHeardAt = 0;
  private claimTimer?: ReturnType<typeof setTimeout>;
  private readonly tick: ReturnType<typeof setInterval>;
  readonly leader$: Observable<boolean> = this.leader.asObservable();
  readonly changes$: Observable<QueueChangeNotice>;

  constructor(
    private readonly channel: TabChannel,
    private readonly tabId: string,
    private readonly timing: ElectionTiming,
  ) {
    this.changes$ = channel.changes$;
    this.subscription = channel.messages$.subscribe((message) => this.receive(message));
    // One timer does both jobs: the leader's heartbeat, the follower's lease check.
    this.tick = setInterval(() => this.onTick(), timing.heartbeatMs);
    this.claim();
  }

  notifyChange(notice?: QueueChangeNotice): void {
    this.channel.post('changed', notice);
  }

  close(): void {
    if (this.state === 'leader') this.channel.post('resign');
    clearInterval(this.tick);
    clearTimeout(this.claimTimer);
    this.subscription.unsubscribe();
    this.channel.close();
    this.leader.next(false);
    this.leader.complete();
  }

  private receive(message: TabMessage): void {
    switch (message.kind) {
      case 'heartbeat':
        if (this.state !== 'leader') this.follow();
        else if (message.from < this.tabId) this.stepDown();
        else this.channel.post('heartbeat'); // two leaders: the higher id steps down when it hears this
        return;
      case 'claim':
        if (this.state === 'leader') this.channel.post('heartbeat');
        else if (this.state === 'candidate' && message.from < this.tabId) this.follow();
        return;
      case 'resign':
        if (this.state === 'follower') this.claim();
        return;
      case 'changed':
        return;
    }
  }

  private onTick(): void {
    if (this.state === 'leader') this.channel.post('heartbeat');
    else if (this.state === 'follower' && Date.now() - this.lastHeardAt > this.timing.leaseMs) this.claim();
  }

  private claim(): void {
    this.state = 'candidate';
    this.channel.post('claim');
    clearTimeout(this.claimTimer);
    this.claimTimer = setTimeout(() => {
      if (this.state !== 'candidate') return;
      this.state = 'leader';
      this.channel.post('heartbeat');
      this.leader.next(true);
    }, this.timing.claimMs);
  }

  private follow(): void {
    this.state = 'follower';
    this.lastHeardAt = Date.now();
    clearTimeout(this.claimTimer);
  }

  private stepDown(): void {
    this.follow();
    this.leader.next(false);
  }
}
