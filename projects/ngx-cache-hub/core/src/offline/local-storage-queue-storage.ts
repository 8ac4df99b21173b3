import type { OfflineQueueStorage, QuarantinedRecord, QueueChange, StoredQueue } from './offline-queue-storage';
import { appendToQuarantine, planQueueUpdate } from './stored-queue-codec';
import { toStorageError } from './storage-error';

/** Options of `LocalStorageQueueStorage`. */
export interface LocalStorageQueueStorageOptions {
  /** The `Storage` to use; read lazily. Default `globalThis.localStorage`. */
  readonly storage?: Storage;
  /** Key prefix; keys are `<prefix>queue:<scope>` and `<prefix>quarantine:<scope>`. Default `'ngx-cache-hub:offline:'`. */
  readonly prefix?: string;
}

/**
 * Keeps each scope's queue as one JSON string in `localStorage` (or any `Storage`). Synchronous
 * underneath, so each update is atomic within the tab. Smaller quota than IndexedDB.
 *
 * @example
 * new OfflineQueue({ ..., storage: new LocalStorageQueueStorage({ storage: sessionStorage }) });
 */
export class LocalStorageQueueStorage implements OfflineQueueStorage {
  private readonly prefix: string;

  constructor(private readonly options: LocalStorageQueueStorageOptions = {}) {
    this.prefix = options.prefix ?? 'ngx-cache-hub:offline:';
  }

  async update(scope: string, change?: QueueChange): Promise<StoredQueue> {
    try {
      const storage = this.storage();
      const key = this.queueKey(scope);
      const text = storage.getItem(key);
      const plan = planQueueUpdate(scope, parse(text), change);
      let quarantined = plan.quarantined.map((q) => (q.record === NOT_JSON ? { ...q, record: text } : q));
      if (quarantined.length) {
        // Quarantine first: if the queue write then fails, the corrupt data is still where it was.
        const next = this.withQuarantined(scope, quarantined);
        storage.setItem(this.quarantineKey(scope), JSON.stringify(next.list));
        quarantined = [...next.reported];
      }
      if (plan.write === null) storage.removeItem(key);
      else if (plan.write) storage.setItem(key, JSON.stringify(plan.write));
      return { actions: plan.actions, quarantined };
    } catch (error) {
      throw toStorageError(error, `writing the offline queue of "${scope}" to localStorage`);
    }
  }

  async clear(scope: string): Promise<void> {
    try {
      this.storage().removeItem(this.queueKey(scope));
      this.storage().removeItem(this.quarantineKey(scope));
    } catch (error) {
      throw toStorageError(error, `clearing the offline queue of "${scope}" in localStorage`);
    }
  }

  async quarantined(scope: string): Promise<readonly QuarantinedRecord[]> {
    try {
      return this.readQuarantine(scope);
    } catch (error) {
      throw toStorageError(error, `reading the quarantine of "${scope}" in localStorage`);
    }
  }

  private readQuarantine(scope: string): readonly QuarantinedRecord[] {
    return this.withQuarantined(scope, []).list;
  }

  private withQuarantined(scope: string, added: readonly QuarantinedRecord[]): ReturnType<typeof appendToQuarantine> {
    const text = this.storage().getItem(this.quarantineKey(scope));
    const parsed = parse(text);
    return appendToQuarantine(scope, parsed === NOT_JSON ? text : parsed, added);
  }

  private storage(): Storage {
    const storage = this.options.storage ?? globalThis.localStorage;
    if (!storage) throw new Error('localStorage is not available here');
    return storage;
  }

  private queueKey(scope: string): string {
    return `${this.prefix}queue:${scope}`;
  }

  private quarantineKey(scope: string): string {
    return `${this.prefix}quarantine:${scope}`;
  }
}

/** Stands for text that is not JSON: the codec quarantines it, and the raw text is kept. */
const NOT_JSON = { notJson: true } as const;

function parse(text: string | null): unknown {
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}
