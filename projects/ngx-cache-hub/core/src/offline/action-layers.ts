import type { OptimisticChange, OptimisticHandle } from '../hub/optimistic-change';
import type { OfflineAction } from './offline-action';
import type { OfflineActionHandler } from './offline-action-handler';
import type { OfflineCacheBridge } from './offline-cache-bridge';

/** The layer shown for one action; `handle` is absent when the action shows nothing. */
interface Layer {
  readonly handle?: OptimisticHandle;
  readonly change?: OptimisticChange;
  /** The payload the layer was built from, to notice a temp-id rewrite. */
  readonly payloadJson: string;
}

/**
 * The optimistic layers of the queued actions, kept in line with the queue: one per action that is
 * not failed, in queue order. Failures of the cache or of a handler's `optimistic()` go to `report`.
 */
export class ActionLayers {
  private readonly layers = new Map<string, Layer>();

  constructor(
    private readonly bridge: OfflineCacheBridge,
    private readonly report: (error: unknown) => void,
  ) {}

  /**
   * Commits the layers of actions that left the queue (synced), rolls back those of failed ones,
   * rebuilds from the first action whose payload was rewritten (temp ids) so layers stay in queue
   * order, and shows the missing ones: from `overrides` (a per-call change), else the handler.
   * Actions whose handler is not registered yet get a layer once it is.
   */
  sync(actions: readonly OfflineAction[], handlers: ReadonlyMap<string, OfflineActionHandler>, overrides?: ReadonlyMap<string, OptimisticChange>): void {
    const live = actions.filter((a) => a.status !== 'failed');
    const liveIds = new Set(live.map((a) => a.id));
    for (const [id, layer] of this.layers) {
      if (liveIds.has(id)) continue;
      this.layers.delete(id);
      this.settle(layer, actions.some((a) => a.id === id) ? 'rollback' : 'commit');
    }
    const rewritten = live.findIndex((a) => {
      const layer = this.layers.get(a.id);
      return layer !== undefined && layer.payloadJson !== payloadJson(a);
    });
    const previous = new Map<string, Layer>();
    if (rewritten >= 0) {
      for (const action of live.slice(rewritten)) {
        const layer = this.layers.get(action.id);
        if (layer) previous.set(action.id, layer);
        this.layers.delete(action.id);
      }
      for (const layer of [...previous.values()].reverse()) this.settle(layer, 'rollback');
    }
    for (const action of live) {
      const handler = handlers.get(action.type);
      if (this.layers.has(action.id) || !handler) continue;
      const old = previous.get(action.id);
      const json = payloadJson(action);
      const change = overrides?.get(action.id) ?? (old?.payloadJson === json ? old.change : (this.optimisticOf(handler, action) ?? old?.change));
      this.layers.set(action.id, { handle: this.show(change), change, payloadJson: json });
    }
  }

  /** Rolls every layer back, newest first (the scope is left or cleared). */
  rollbackAll(): void {
    for (const layer of [...this.layers.values()].reverse()) this.settle(layer, 'rollback');
    this.layers.clear();
  }

  private optimisticOf(handler: OfflineActionHandler, action: OfflineAction): OptimisticChange | undefined {
    try {
      return handler.optimistic?.(action.payload);
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  private show(change: OptimisticChange | undefined): OptimisticHandle | undefined {
    if (!change?.length) return undefined;
    try {
      return this.bridge.optimistic(change);
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  private settle(layer: Layer, outcome: 'commit' | 'rollback'): void {
    try {
      layer.handle?.[outcome]();
    } catch (error) {
      this.report(error);
    }
  }
}

function payloadJson(action: OfflineAction): string {
  return JSON.stringify(action.payload) ?? '';
}
