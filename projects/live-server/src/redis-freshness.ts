/** How often the pause detector ticks, and the silence that counts as a pause (SIGSTOP, a frozen VM, a starved event loop). */
const PAUSE_TICK_MS = 100;
const PAUSE_GAP_MS = 400;

/** What a check of the shared epoch and counter knew when it began; it confirms only with this. */
export interface CheckTicket {
  readonly startedAt: number;
  /** {@link RedisFreshness}'s loss count when the check began, or -1 when it began while disconnected. */
  readonly losses: number;
}

/**
 * How current a Redis-mode process knows its data to be. A check that found the epoch and
 * counter as expected confirms it, as of when the check began (its answers may have waited out a
 * pause). A pause (the process stopped: SIGSTOP, a frozen VM, a starved event loop) or a lost
 * connection (the subscriber may have missed commands) makes every earlier confirmation old:
 * only a check begun after it, while connected, confirms again.
 */
export class RedisFreshness {
  private confirmedAt = Date.now();
  /** The last tick of the pause detector. */
  private lastTickAt = Date.now();
  /** The end of the last pause seen. */
  private resumedAt = 0;
  /** Connections to Redis lost so far. */
  private losses = 0;
  /** False from a lost connection until a check begun after it confirms. */
  private confirmedSinceLoss = true;
  private readonly pauseTimer: NodeJS.Timeout;

  /** @param onPause called when a pause ended: the process should check at once. */
  constructor(private readonly onPause: () => void) {
    this.pauseTimer = setInterval(() => this.noticePause(), PAUSE_TICK_MS);
    this.pauseTimer.unref();
  }

  stop(): void {
    clearInterval(this.pauseTimer);
  }

  /** The data is current now (loaded and caught up at start). */
  confirmedNow(): void {
    this.confirmedAt = Date.now();
    this.confirmedSinceLoss = true;
  }

  connectionLost(): void {
    this.losses++;
    this.confirmedSinceLoss = false;
  }

  /** What a check beginning now knows; `connected` says whether both connections to Redis are ready. */
  ticket(connected: boolean): CheckTicket {
    if (!connected) this.connectionLost();
    return { startedAt: Date.now(), losses: connected ? this.losses : -1 };
  }

  /** A check found the data current; it counts unless a connection was lost since it began. */
  confirm(ticket: CheckTicket): void {
    if (ticket.losses !== this.losses) return;
    this.confirmedAt = ticket.startedAt;
    this.confirmedSinceLoss = true;
  }

  /** Whether a finished check should be asked again: it began before a pause, or a lost connection kept it from confirming. */
  needsRecheck(ticket: CheckTicket, connected: boolean): boolean {
    const beforePause = this.confirmedAt <= this.resumedAt && ticket.startedAt <= this.resumedAt;
    return beforePause || (ticket.losses !== this.losses && !this.confirmedSinceLoss && connected);
  }

  /**
   * Why reads must not be served as current, or undefined when they may. Within a window since
   * the last confirmation reads are current enough: two check intervals (at least 1 s) while
   * connected and confirmed since the last loss; one interval (at least 500 ms) when cut off, or
   * back but not confirmed since. After a pause, none until a check confirms.
   */
  staleReason(connected: boolean, intervalMs: number): string | undefined {
    this.noticePause();
    if (this.confirmedAt <= this.resumedAt) return 'this process was paused and has not yet confirmed with Redis that it is current; checking';
    if (!connected) this.connectionLost();
    const unconfirmedMs = Date.now() - this.confirmedAt;
    if (unconfirmedMs <= (this.confirmedSinceLoss ? Math.max(2 * intervalMs, 1000) : Math.max(intervalMs, 500))) return undefined;
    if (!connected) return `Redis is unreachable and this process last confirmed it is current ${unconfirmedMs} ms ago; its data may be stale`;
    const why = this.confirmedSinceLoss ? 'paused?' : 'its connection to Redis was lost and commands may have been missed';
    return `this process has not confirmed it is current for ${unconfirmedMs} ms (${why}); checking Redis`;
  }

  /** Records a pause: the ticks stopped for longer than {@link PAUSE_GAP_MS}. */
  private noticePause(): void {
    const now = Date.now();
    const paused = now - this.lastTickAt > PAUSE_GAP_MS;
    this.lastTickAt = now;
    if (paused) {
      this.resumedAt = now;
      this.onPause();
    }
  }
}
