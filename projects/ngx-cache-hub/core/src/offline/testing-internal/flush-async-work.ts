// Node's own setImmediate: jest's fake timers replace the jsdom globals, not this one.
const { setImmediate: realSetImmediate } = jest.requireActual<typeof import('timers')>('timers');

/**
 * Lets promise chains, fake-indexeddb requests (real macrotasks) and zero-delay fake timers run,
 * without moving the fake clock.
 */
export async function flushAsyncWork(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await jest.advanceTimersByTimeAsync(0);
    await new Promise<void>((resolve) => realSetImmediate(resolve));
  }
}
