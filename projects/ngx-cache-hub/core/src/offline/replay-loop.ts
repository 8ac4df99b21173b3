/**
 * Runs `step` until it returns `false`, one step at a time; a `kick()` while it runs makes it go
 * round once more, so no request to replay is lost and no two loops overlap.
 */
export class ReplayLoop {
  private running = false;
  private requested = false;
  private stopped = false;

  constructor(
    private readonly step: () => Promise<boolean>,
    private readonly report: (error: unknown) => void,
  ) {}

  /** Makes sure the loop runs (again). */
  kick(): void {
    if (this.stopped) return;
    this.requested = true;
    if (this.running) return;
    this.running = true;
    void this.drain();
  }

  /** No more rounds start. */
  stop(): void {
    this.stopped = true;
  }

  private async drain(): Promise<void> {
    try {
      while (this.requested && !this.stopped) {
        this.requested = false;
        while (!this.stopped && (await this.step())) {
          // next action
        }
      }
    } catch (error) {
      this.report(error);
    } finally {
      this.running = false;
    }
  }
}
