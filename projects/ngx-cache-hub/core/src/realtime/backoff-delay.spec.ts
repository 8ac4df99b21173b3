import { backoffDelay, DEFAULT_RECONNECT_OPTIONS } from './backoff-delay';

describe('backoffDelay', () => {
  const almostOne = () => 0.999_999;

  it('doubles the cap with every attempt by default', () => {
    const caps = [0, 1, 2, 3].map((attempt) => Math.round(backoffDelay(attempt, DEFAULT_RECONNECT_OPTIONS, almostOne)));
    expect(caps).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than maxDelayMs', () => {
    expect(backoffDelay(5, DEFAULT_RECONNECT_OPTIONS, almostOne)).toBeLessThan(30_000);
    expect(Math.round(backoffDelay(50, DEFAULT_RECONNECT_OPTIONS, almostOne))).toBe(30_000);
  });

  it('spreads the delay over the whole range with full jitter', () => {
    expect(backoffDelay(3, DEFAULT_RECONNECT_OPTIONS, () => 0)).toBe(0);
    expect(backoffDelay(3, DEFAULT_RECONNECT_OPTIONS, () => 0.25)).toBe(2000);
  });

  it('follows custom options', () => {
    expect(backoffDelay(2, { initialDelayMs: 100, maxDelayMs: 500, factor: 3 }, () => 0.5)).toBe(250);
  });
});
