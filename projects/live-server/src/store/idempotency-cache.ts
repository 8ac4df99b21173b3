import type { CommandResponse } from './store-command';

/**
 * Per user, a bounded map of idempotency key -> first response: each user (and anonymous)
 * keeps their last `maxEntriesPerUser` keys, the oldest dropped first, so one user's many keyed
 * writes never evict another's key.
 */
export class IdempotencyCache {
  private readonly users = new Map<string, Map<string, CommandResponse>>();

  constructor(private readonly maxEntriesPerUser = 10_000) {}

  /** The response recorded for this user's key, if any. */
  get(actor: string | null, key: string): CommandResponse | undefined {
    return this.users.get(actor ?? '')?.get(key);
  }

  /** Records the first response for this user's key. */
  set(actor: string | null, key: string, response: CommandResponse): void {
    const user = actor ?? '';
    let entries = this.users.get(user);
    if (!entries) this.users.set(user, (entries = new Map()));
    if (entries.has(key)) return;
    entries.set(key, response);
    while (entries.size > this.maxEntriesPerUser) entries.delete(entries.keys().next().value as string);
  }

  /** Records the position the first response reflects, once its events were published. */
  recordSeq(actor: string | null, key: string, seq: number): void {
    const entries = this.users.get(actor ?? '');
    const response = entries?.get(key);
    if (entries && response) entries.set(key, { ...response, seq });
  }

  /** Number of keys retained, over all users. */
  get size(): number {
    let size = 0;
    for (const entries of this.users.values()) size += entries.size;
    return size;
  }

  /** The entries (`<user>\0<key>`, each user's oldest first), for snapshots. */
  toJSON(): Array<[string, CommandResponse]> {
    const all: Array<[string, CommandResponse]> = [];
    for (const [user, entries] of this.users) for (const [key, response] of entries) all.push([cacheKey(user, key), response]);
    return all;
  }

  /** Forgets every key. */
  clear(): void {
    this.users.clear();
  }

  /** Restores entries taken with `toJSON()`. */
  load(entries: Array<[string, CommandResponse]>): void {
    for (const [id, response] of entries) {
      const separator = id.indexOf('\u0000');
      this.set(id.slice(0, separator) || null, id.slice(separator + 1), response);
    }
  }
}

function cacheKey(actor: string | null, key: string): string {
  return `${actor ?? ''}\u0000${key}`;
}
