// Bounded waiting for end-to-end tests: every wait has a deadline and says what it waited for.
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Runs `check` until it returns without throwing (a value other than `undefined`/`false`),
 * every `intervalMs`; after `timeoutMs` throws an Error naming `what` and the last failure,
 * so a timed-out wait reads like the assertion that never came true.
 */
export async function eventually(what, check, { timeoutMs = 10_000, intervalMs = 50 } = {}) {
  const started = Date.now();
  let lastFailure = 'the check never returned a value';
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
      lastFailure = `the check returned ${String(value)}`;
    } catch (error) {
      lastFailure = error?.message ?? String(error);
    }
    if (Date.now() - started >= timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}\n  last failure: ${lastFailure}`);
    }
    await sleep(intervalMs);
  }
}

/** Rejects with a clear message when `promise` does not settle within `timeoutMs`. */
async function within(what, timeoutMs, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export { sleep };
