/**
 * Resolves when `check()` returns (or resolves to) a value other than undefined, polling every
 * 5 ms; rejects after `timeoutMs`.
 */
export async function waitUntil<T>(check: () => T | undefined | Promise<T | undefined>, describe: () => string, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Lets pending I/O run for `ms` milliseconds (to show that something does NOT arrive). */
export function settle(ms = 100): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
