/**
 * Orders the numbered command messages (`<n>\n<payload>`) that arrive from Redis pub/sub and
 * from the log: hands the payloads out in number order, each once, and never past a gap.
 */
export class RedisCommandSequence {
  /** The number of the last command handed out. */
  applied = 0;
  private readonly received = new Map<number, string>();

  constructor(private readonly log: (message: string) => void) {}

  /** Keeps a message until its turn; older numbers and malformed messages are dropped. */
  remember(message: string): void {
    const newline = message.indexOf('\n');
    const n = Number(message.slice(0, newline));
    if (newline < 1 || !Number.isSafeInteger(n)) {
      this.log('ngx-cache-hub live-server: ignored a malformed Redis command message');
      return;
    }
    if (n > this.applied) this.received.set(n, message.slice(newline + 1));
  }

  /** The payload of command `applied + 1`, now counted as applied; undefined until it arrived. */
  takeNext(): string | undefined {
    const payload = this.received.get(this.applied + 1);
    if (payload === undefined) return undefined;
    this.received.delete(++this.applied);
    return payload;
  }

  /** Whether later commands wait behind a missing one. */
  get hasGap(): boolean {
    return this.received.size > 0;
  }

  /** The lowest number waiting (Infinity when none). */
  get lowestWaiting(): number {
    let lowest = Infinity;
    for (const n of this.received.keys()) if (n < lowest) lowest = n;
    return lowest;
  }

  /** Continues after command `n` (a snapshot holds everything up to it). */
  skipTo(n: number): void {
    this.applied = n;
    for (const waiting of [...this.received.keys()]) if (waiting <= n) this.received.delete(waiting);
  }
}
