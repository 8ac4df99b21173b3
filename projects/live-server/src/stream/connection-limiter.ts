/** Counts open stream connections per user and refuses more than `maxPerUser`. Anonymous connections are not limited. */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();

  constructor(readonly maxPerUser = 5) {}

  /** Takes a slot for the user; returns its release function, or null when the user is at the limit. */
  acquire(userId: string | null): (() => void) | null {
    if (userId === null) return () => undefined;
    const count = this.open.get(userId) ?? 0;
    if (count >= this.maxPerUser) return null;
    this.open.set(userId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(userId) ?? 1) - 1;
      if (left > 0) this.open.set(userId, left);
      else this.open.delete(userId);
    };
  }

  /** Whether the user has no slot left (always false for anonymous). */
  isFull(userId: string | null): boolean {
    return userId !== null && this.count(userId) >= this.maxPerUser;
  }

  /** Open connections of a user. */
  count(userId: string): number {
    return this.open.get(userId) ?? 0;
  }
}
