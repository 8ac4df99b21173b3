import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import type { OfflineQueueStorage, QuarantinedRecord, QueueChange, StoredQueue } from './offline-queue-storage';
import { appendToQuarantine, planQueueUpdate } from './stored-queue-codec';
import { isQuotaError, toStorageError } from './storage-error';

declare const ngDevMode: boolean | undefined;

/** Options of `LocalStorageQueueStorage`. */
export interface LocalStorageQueueStorageOptions {
  /** The `Storage` to use; read lazily. Default `globalThis.localStorage`. */
  readonly storage?: Storage;
  /** Key prefix; keys are `<prefix>queue:<scope>` and `<prefix>quarantine:<scope>`. Default `'ngx-cache-hub:offline:'`. */
  readonly prefix?: string;
}

/**
 * Keeps each scope's queue as one JSON string in `localStorage` (or any `Storage`). Synchronous
 * underneath, so each update is atomic within the tab. Smaller quota than IndexedDB. Quarantine
 * works under a full quota too: when the copy does not fit, the queue is written first (which
 * frees the bad record's room), then the copy is written, dropping the oldest quarantined records
 * (reported again, as dropped) and, as a last resort, the new copies' contents, to make it fit.
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
      let quarantined: readonly QuarantinedRecord[] = plan.quarantined.map((q) => (q.record === NOT_JSON ? { ...q, record: text } : q));
      let postponed: ReturnType<typeof appendToQuarantine> | undefined;
      if (quarantined.length) {
        // Quarantine first: if the queue write then fails, the corrupt data is still where it was.
        const next = this.withQuarantined(scope, quarantined);
        quarantined = next.reported;
        try {
          storage.setItem(this.quarantineKey(scope), JSON.stringify(next.list));
        } catch (error) {
          if (!isQuotaError(error)) throw error;
          postponed = next; // no room for the copy: write the queue first, it frees the bad record's room
        }
      }
      if (plan.write === null) storage.removeItem(key);
      else if (plan.write) storage.setItem(key, JSON.stringify(plan.write));
      if (postponed) quarantined = this.squeezeQuarantine(scope, postponed);
      return { actions: plan.actions, quarantined };
    } catch (error) {
      throw toStorageError(error, (typeof ngDevMode === 'undefined' || ngDevMode) && `writing the offline queue of "${scope}" to localStorage`);
    }
  }

  async clear(scope: string): Promise<void> {
    try {
      this.storage().removeItem(this.queueKey(scope));
      this.storage().removeItem(this.quarantineKey(scope));
    } catch (error) {
      throw toStorageError(error, (typeof ngDevMode === 'undefined' || ngDevMode) && `clearing the offline queue of "${scope}" in localStorage`);
    }
  }

  async quarantined(scope: string): Promise<readonly QuarantinedRecord[]> {
    try {
      return this.readQuarantine(scope);
    } catch (error) {
      throw toStorageError(error, (typeof ngDevMode === 'undefined' || ngDevMode) && `reading the quarantine of "${scope}" in localStorage`);
    }
  }

  /**
   * Writes `next.list` under the quarantine key within the quota: drops its oldest records until it
   * fits, then keeps only the reasons of the new ones. Returns what to report, contents included:
   * the new records (marked when their contents could not be kept) and the dropped ones.
   */
  private squeezeQuarantine(scope: string, next: ReturnType<typeof appendToQuarantine>): readonly QuarantinedRecord[] {
    const storage = this.storage();
    const added = new Set(next.reported);
    const older = next.list.filter((q) => !added.has(q));
    const dropped = (q: QuarantinedRecord, why: string): QuarantinedRecord => ({ ...q, reason: `${q.reason} (${why}: the storage is full)` });
    for (let keep = older.length; keep >= 0; keep--) {
      if (this.tryWrite(this.quarantineKey(scope), [...older.slice(older.length - keep), ...next.reported])) {
        return [...next.reported, ...older.slice(0, older.length - keep).map((q) => dropped(q, 'dropped from the quarantine'))];
      }
    }
    const reported = next.reported.map((q) => dropped(q, 'contents not kept in the quarantine'));
    if (
      !this.tryWrite(
        this.quarantineKey(scope),
        reported.map((q) => ({ ...q, record: null })),
      )
    )
      storage.removeItem(this.quarantineKey(scope));
    return [...reported, ...older.map((q) => dropped(q, 'dropped from the quarantine'))];
  }

  private tryWrite(key: string, value: unknown): boolean {
    try {
      this.storage().setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      if (isQuotaError(error)) return false;
      throw error;
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
    if (!storage) {
      throw new CacheHubError(
        303 satisfies CacheHubErrorCode.StorageUnavailable,
        (typeof ngDevMode === 'undefined' || ngDevMode) &&
          'localStorage is not available here (server rendering?). Pass the storage option, or use IndexedDbQueueStorage or MemoryQueueStorage',
      );
    }
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
