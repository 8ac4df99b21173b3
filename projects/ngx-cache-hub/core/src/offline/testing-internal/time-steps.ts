import { flushAsyncWork } from './flush-async-work';

/** FakeServer handlers answer after this long. */
export const LATENCY = 10;

/** Moves the fake clock by `ms`, then lets the work it started settle. */
export async function waitFor(ms: number): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
  await flushAsyncWork();
}

/** Enough request round trips for a short queue to replay. */
export async function replayEverything(): Promise<void> {
  for (let i = 0; i < 20; i++) await waitFor(LATENCY);
}
