import type { OfflineAction } from './offline-action';

/** A change to one scope's stored queue: a pure function of the actions stored now. */
export type QueueChange = (stored: readonly OfflineAction[]) => readonly OfflineAction[];

/** A stored record that failed validation, kept aside under the scope's quarantine key and never replayed. */
export interface QuarantinedRecord {
  readonly scope: string;
  /** What was wrong with it. */
  readonly reason: string;
  /** The record as it was found. */
  readonly record: unknown;
  readonly quarantinedAt: number;
}

/** The outcome of a storage update: the queue as stored now and what was quarantined on the way. */
export interface StoredQueue {
  readonly actions: readonly OfflineAction[];
  readonly quarantined: readonly QuarantinedRecord[];
}

/**
 * Durable home of the offline queue, one record per user scope. Built in: IndexedDB (browser
 * default), localStorage, memory. Implement it to store elsewhere (e.g. a native store).
 */
export interface OfflineQueueStorage {
  /**
   * Atomically reads the scope's queue, moves invalid records to quarantine, applies `change` and
   * writes the result (nothing is written when nothing changed). Without `change` it is a load.
   * Rejects with a `CacheHubError`: StorageFull on a quota error, StorageUnavailable otherwise.
   */
  update(scope: string, change?: QueueChange): Promise<StoredQueue>;
  /** Removes the scope's queue and quarantine (e.g. when a user signs out for good). */
  clear(scope: string): Promise<void>;
  /** The records quarantined for the scope, oldest first. */
  quarantined(scope: string): Promise<readonly QuarantinedRecord[]>;
  /** Releases connections; the queue calls it on destroy only for storage it created itself. */
  close?(): void;
}
