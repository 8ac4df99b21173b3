import type { OptimisticChange } from '../hub/optimistic-change';
import type { OfflineActionHandler } from './offline-action-handler';
import type { OfflineQueueOptions } from './offline-queue-options';
import { QueueSession, QueueSessionHost } from './queue-session';
import type { QueueStores } from './queue-stores';
import type { QueueView } from './queue-view';
import type { SerialRunner } from './serial-runner';
import type { TabCoordinator } from './tab-coordinator';
import { signedInScope } from './signed-in-scope';

/** What `SessionSwitch` needs from its queue. */
export interface SessionSwitchDeps {
  readonly options: OfflineQueueOptions;
  readonly handlers: ReadonlyMap<string, OfflineActionHandler>;
  readonly serial: SerialRunner;
  readonly coordinator: TabCoordinator;
  readonly stores: QueueStores;
  readonly view: QueueView;
  /** Online and not paused. */
  canSend(): boolean;
  /** `scope()` changed behind the queue's back: switch (in the serial order). */
  refreshScope(): void;
  kick(): void;
  report(error: unknown): void;
  now(): number;
}

/** Keeps the session of the user `scope()` returns: on a change, ends the old one (rolling its layers back) and opens the new one. */
export class SessionSwitch {
  /** The current user's session, `null` while nobody is signed in. */
  current: QueueSession | null = null;
  private destroyed = false;
  private readonly host: QueueSessionHost;

  constructor(private readonly deps: SessionSwitchDeps) {
    const { options } = deps;
    this.host = {
      options,
      handlers: deps.handlers,
      serial: deps.serial,
      isCurrent: (session) => !this.destroyed && this.current === session,
      canSend: () => deps.canSend(),
      publish: () => this.publish(),
      remapInCache: (remap) => {
        try {
          options.bridge.remapEntityId(remap.entityType, remap.tempId, remap.serverId);
        } catch (error) {
          deps.report(error);
        }
      },
      synced: () => deps.view.synced(),
      scopeChanged: () => deps.refreshScope(),
      kick: () => deps.kick(),
      report: (error) => deps.report(error),
      now: () => deps.now(),
    };
  }

  /** Shows the current user's actions (`overrides`: per-call optimistic changes). */
  publish(overrides?: ReadonlyMap<string, OptimisticChange>): void {
    this.deps.view.show(this.current?.actions ?? [], overrides);
  }

  /** Re-reads `scope()`; on a change, ends the current session and opens the new user's (loading its queue). */
  async switch(): Promise<void> {
    if (this.destroyed) return;
    const scope = signedInScope(this.deps.options);
    if (scope === (this.current?.scope ?? null)) return;
    const ended = this.current;
    if (ended) {
      ended.close();
      this.current = null;
      this.deps.stores.release(ended.store);
      this.deps.view.clear();
    }
    if (scope === null) return;
    const session = new QueueSession(this.deps.coordinator.join(scope), this.deps.stores.of(scope), this.host);
    this.current = session;
    await session.open(); // the load, also saving changes kept in memory while storage refused them
    if (this.current === session) session.refresh();
  }

  /** Ends the current session for good. */
  destroy(): void {
    this.destroyed = true;
    this.current?.close();
    this.current = null;
  }
}
