/** Runs tasks one after another, so no two that touch the queue interleave across their awaits. */
export class SerialRunner {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` once every task handed in before it has settled; resolves with its result. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
