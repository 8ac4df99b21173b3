import type { OptimisticChange, OptimisticHandle } from '../../hub/optimistic-change';
import type { OfflineCacheBridge } from '../offline-cache-bridge';

/**
 * A tiny layered cache: `read(key)` is the base value with the live layers applied in order.
 * Every call is logged, e.g. `optimistic#1`, `commit#1`, `rollback#2`, `remap products tmp-1->17`.
 */
export class FakeCacheBridge implements OfflineCacheBridge {
  readonly log: string[] = [];
  readonly base = new Map<string, unknown>();
  private readonly layers: { id: number; change: OptimisticChange }[] = [];
  private nextId = 1;
  /** Called inside `optimistic()` before the layer exists: lets a test look at storage at that moment. */
  onOptimistic?: () => void;

  optimistic(change: OptimisticChange): OptimisticHandle {
    this.onOptimistic?.();
    const id = this.nextId++;
    this.layers.push({ id, change });
    this.log.push(`optimistic#${id}`);
    const settle = (how: 'commit' | 'rollback') => () => {
      const index = this.layers.findIndex((layer) => layer.id === id);
      if (index < 0) throw new Error(`layer ${id} settled twice`);
      this.layers.splice(index, 1);
      this.log.push(`${how}#${id}`);
    };
    return { id, commit: settle('commit'), rollback: settle('rollback') };
  }

  remapEntityId(entityType: string, tempId: string, serverId: string | number): void {
    this.log.push(`remap ${entityType} ${tempId}->${serverId}`);
  }

  read(key: string): unknown {
    return this.layers.reduce((value, layer) => layer.change.filter((edit) => edit.key === key).reduce((v, edit) => edit.update(v), value), this.base.get(key));
  }

  /** How many layers are live. */
  get liveLayers(): number {
    return this.layers.length;
  }

  /** The log entries starting with `prefix`. */
  calls(prefix: string): string[] {
    return this.log.filter((entry) => entry.startsWith(prefix));
  }
}
