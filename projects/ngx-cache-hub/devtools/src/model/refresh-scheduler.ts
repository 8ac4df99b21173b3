const hasFrames = () => typeof requestAnimationFrame === 'function';

/**
 * Coalesces the inspector's refreshes: while started, one every `intervalMs`, plus one at the next
 * animation frame (a 16 ms timeout where there is none) after `soon()`, however often it was called
 * before that frame. Traffic never calls it, so the listeners hear a bounded number of times
 * whatever the rate of events.
 */
export class RefreshScheduler {
  #timer: ReturnType<typeof setInterval> | undefined;
  #frame: number | ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
  ) {}

  /** Starts the periodic refresh (again a no-op when started). */
  start(): void {
    this.#timer ??= setInterval(this.run, this.intervalMs);
  }

  /** Asks for one refresh at the next animation frame; nothing while stopped. */
  soon(): void {
    if (this.#timer === undefined || this.#frame !== undefined) return;
    const run = () => {
      this.#frame = undefined;
      this.run();
    };
    this.#frame = hasFrames() ? requestAnimationFrame(run) : setTimeout(run, 16);
  }

  /** Stops both; leaves no timer. */
  stop(): void {
    clearInterval(this.#timer);
    if (hasFrames()) cancelAnimationFrame(this.#frame as number);
    else clearTimeout(this.#frame);
    this.#timer = this.#frame = undefined;
  }
}
