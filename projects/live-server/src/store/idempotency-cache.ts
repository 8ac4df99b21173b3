import type { CommandResponse } from './store-command';

/** A bounded map of (user, idempotency key) -> first response; the oldest keys are dropped first. */
export class IdempotencyCache {
  private readonly entries = new Map<string, CommandResponse>();

  constructor(private readonly maxEntries = 10_000) {}

  /** The response recorded for this user's key, if any. */
  get(actor: string | null, key: string): CommandResponse | undefined {
    return this.entries.get(cacheKey(actor, key));
  }

  /** Records the first response for this user's key. */
  set(actor: string | null, key: string, response: CommandResponse): void {
    const id = cacheKey(actor, key);
    if (this.entries.has(id)) return;
    this.entries.set(id, response);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Records the position the first response reflects, once its events were published. */
  recordSeq(actor: string | null, key: string, seq: number): void {
    const response = this.entries.get(cacheKey(actor, key));
    if (response) this.entries.set(cacheKey(actor, key), { ...response, seq });
  }

  /** Number of keys retained. */
  get size(): number {
    return this.entries.size;
  }

  /** The entries, oldest first, for snapshots. */
  toJSON(): Array<[string, CommandResponse]> {
    return [...this.entries];
  }

  /** Forgets every key. */
  clear(): void {
    this.entries.clear();
  }

  /** Restores entries taken with `toJSON()`. */
  load(entries: Array<[string, CommandResponse]>): void {
    for (const [id, response] of entries) this.entries.set(id, response);
  }
}

function cacheKey(actor: string | null, key: string): string {
  return `${actor ?? ''}\u0000${key}`;
}
