import type { LockManagerLike } from '../web-locks-coordinator';

interface Waiter {
  readonly callback: (lock: unknown) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly signal?: AbortSignal;
}

/** Exclusive Web Locks for tests: one holder per name, waiters served in order, abortable while waiting. */
export class FakeLockManager implements LockManagerLike {
  private readonly held = new Set<string>();
  private readonly waiting = new Map<string, Waiter[]>();

  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { callback, resolve, reject, signal: options.signal };
      if (options.signal?.aborted) return reject(new DOMException('aborted', 'AbortError'));
      options.signal?.addEventListener('abort', () => {
        const queue = this.waiting.get(name) ?? [];
        const index = queue.indexOf(waiter);
        if (index >= 0) {
          queue.splice(index, 1);
          reject(new DOMException('aborted', 'AbortError'));
        }
      });
      this.waiting.set(name, [...(this.waiting.get(name) ?? []), waiter]);
      this.grant(name);
    });
  }

  /** Whether someone holds the lock. */
  isHeld(name: string): boolean {
    return this.held.has(name);
  }

  private grant(name: string): void {
    if (this.held.has(name)) return;
    const waiter = this.waiting.get(name)?.shift();
    if (!waiter) return;
    this.held.add(name);
    Promise.resolve()
      .then(() => waiter.callback({ name, mode: 'exclusive' }))
      .then(waiter.resolve, waiter.reject)
      .finally(() => {
        this.held.delete(name);
        this.grant(name);
      });
  }
}
