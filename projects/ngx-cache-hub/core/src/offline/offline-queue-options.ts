import type { Observable } from 'rxjs';
import type { OptimisticChange } from '../hub/optimistic-change';
import type { RetryDelay } from '../hub/retry-delay';
import type { OfflineErrorClassification } from './classify-offline-error';
import type { OfflineAction } from './offline-action';
import type { OfflineActionHandler } from './offline-action-handler';
import type { OfflineCacheBridge } from './offline-cache-bridge';
import type { OfflineQueueStorage } from './offline-queue-storage';
import type { TabCoordinator } from './tab-coordinator';

/** Options of `OfflineQueue`. */
export interface OfflineQueueOptions {
  /** The cache side: applies optimistic layers and remaps temp ids. */
  readonly bridge: OfflineCacheBridge;
  /**
   * The signed-in user (a non-empty string), or `null` for nobody (nothing loads or replays; so
   * does anything else, `undefined` included: enqueue rejects with NoUserScope). Read when `enqueue()` is
   * called (the action belongs to that user), immediately before every attempt (an action is only
   * sent while its own user is signed in), and on `refreshScope()`.
   */
  readonly scope: () => string | null;
  /** Emits when the user may have changed; each emission calls `refreshScope()`. Optional. */
  readonly scopeChanges$?: Observable<unknown>;
  /** Handlers by action type; more can be added with `register()`. Default none. */
  readonly handlers?: Readonly<Record<string, OfflineActionHandler>>;
  /** Where actions are kept. Default `defaultQueueStorage()`: IndexedDB, else localStorage, else memory. */
  readonly storage?: OfflineQueueStorage;
  /** Decides which tab replays. Default `defaultTabCoordinator()`: Web Locks, else BroadcastChannel, else this tab. */
  readonly coordinator?: TabCoordinator;
  /**
   * Whether the app can reach the server; must emit its current value on subscribe. The Angular
   * wrapper combines `navigator.onLine` with the real-time connection. Default: always online.
   */
  readonly online$?: Observable<boolean>;
  /**
   * Delay before retry `n` (0-based) of a transient failure, and between tries to save what
   * storage refused. Default `exponentialBackoff()`: 1 s doubling, capped at 30 s, each delay
   * jittered to a random point between 50 % and 100 % of it.
   */
  readonly backoff?: RetryDelay;
  /** Tells transient from permanent failures. Default `classifyOfflineError`. */
  readonly classifyError?: (error: unknown) => OfflineErrorClassification;
  /** Attempts after which a transiently failing action moves to failed. Default `Infinity` (never give up). */
  readonly maxAttempts?: number;
  /** An attempt still running after this long is aborted and retried (transient). `0` disables. Default 30000. */
  readonly attemptTimeoutMs?: number;
  /**
   * A storage call still unsettled after this long counts as failed (StorageUnavailable on
   * `errors$`; the change stays in memory and storage is tried again later), so a stuck storage
   * never stalls the queue; a call that timed out and then succeeded doubles the wait (up to 16
   * times). `0` disables. Default 10000.
   */
  readonly storageTimeoutMs?: number;
  /**
   * How often the tab that replays reads its user's stored queue again, so actions another tab
   * saved are sent even when that tab's change notice never arrived. `0` disables. Default 10000.
   */
  readonly storagePollMs?: number;
  /** Makes action ids (the idempotency keys). Default `crypto.randomUUID()`. */
  readonly generateId?: () => string;
  /** Clock for `createdAt` and `lastSyncedAt`. Default `Date.now`. */
  readonly now?: () => number;
  /** Start (load the queue and replay) in the constructor. Default `true`; otherwise call `start()`. */
  readonly autoStart?: boolean;
}

/** What `enqueue()` takes. */
export interface EnqueueInput<P = unknown> {
  /** A registered action type. */
  readonly type: string;
  /** Plain JSON data; stored, then passed to the handler. */
  readonly payload: P;
  /**
   * The change to show now, instead of the handler's `optimistic(payload)`. Functions cannot be
   * stored: after a reload the handler's `optimistic(payload)` is what gets re-applied.
   */
  readonly optimistic?: OptimisticChange;
  /** If it fails permanently, hold every later action until it is retried or discarded. Default `false`. */
  readonly blocking?: boolean;
}

/** What `enqueue()` resolves with: the queued action, and whether it reached storage. */
export type EnqueuedAction<P = unknown> = OfflineAction<P> & {
  /**
   * `true`: the action was in storage when `enqueue()` resolved, so a reload or crash cannot lose
   * it. `false`: storage refused it (StorageFull or StorageUnavailable on `errors$`); it lives in
   * this tab's memory, is counted by `unsaved$`, is still shown and sent, and is saved as soon as
   * storage takes it, but closing the tab before that loses it. Warn the user about this action.
   */
  readonly durable: boolean;
};
