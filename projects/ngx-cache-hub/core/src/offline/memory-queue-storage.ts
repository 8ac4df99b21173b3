import type { OfflineQueueStorage, QuarantinedRecord, QueueChange, StoredQueue } from './offline-queue-storage';
import { planQueueUpdate, QueueUpdatePlan } from './stored-queue-codec';
import { toStorageError } from './storage-error';

declare const ngDevMode: boolean | undefined;

/** Options of `MemoryQueueStorage`. */
export interface MemoryQueueStorageOptions {
  /** Raw records by scope; pass the same map to several instances to share them (e.g. two "tabs" in a test). */
  readonly records?: Map<string, unknown>;
}

/**
 * Keeps queues in memory: for the server (SSR) and tests. Records are copied in and out, as a
 * real store would, so nothing outside can mutate them.
 *
 * @example
 * new OfflineQueue({ ..., storage: new MemoryQueueStorage() });
 */
export class MemoryQueueStorage implements OfflineQueueStorage {
  private readonly records: Map<string, unknown>;
  private readonly quarantine = new Map<string, QuarantinedRecord[]>();

  constructor(options: MemoryQueueStorageOptions = {}) {
    this.records = options.records ?? new Map();
  }

  async update(scope: string, change?: QueueChange): Promise<StoredQueue> {
    let plan: QueueUpdatePlan;
    try {
      plan = planQueueUpdate(scope, copy(this.records.get(scope)), change);
    } catch (error) {
      throw toStorageError(error, (typeof ngDevMode === 'undefined' || ngDevMode) && `updating the offline queue of "${scope}" in memory`);
    }
    if (plan.quarantined.length) {
      this.quarantine.set(scope, [...(this.quarantine.get(scope) ?? []), ...plan.quarantined]);
    }
    if (plan.write === null) this.records.delete(scope);
    else if (plan.write) this.records.set(scope, copy(plan.write));
    return { actions: plan.actions, quarantined: plan.quarantined };
  }

  async clear(scope: string): Promise<void> {
    this.records.delete(scope);
    this.quarantine.delete(scope);
  }

  async quarantined(scope: string): Promise<readonly QuarantinedRecord[]> {
    return copy(this.quarantine.get(scope) ?? []);
  }
}

function copy<T>(value: T): T {
  if (value === undefined) return value;
  try {
    return JSON.parse(JSON.stringify(value)) as T;
  } catch {
    return value;
  }
}
