import { exponentialBackoff } from './exponential-backoff';

describe('exponentialBackoff', () => {
  it('starts at 1 s and doubles per failed attempt up to 30 s by default', () => {
    const delay = exponentialBackoff({ jitter: 0 });
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(delay)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('spreads delays by the jitter fraction, never past the cap', () => {
    const low = exponentialBackoff({ random: () => 0 });
    const high = exponentialBackoff({ random: () => 0.999999 });
    expect(low(1)).toBe(800);
    expect(high(1)).toBe(1200);
    expect(high(10)).toBe(30_000);
  });

  it('takes its own start and cap', () => {
    const delay = exponentialBackoff({ initialMs: 100, maxMs: 250, jitter: 0 });
    expect([1, 2, 3].map(delay)).toEqual([100, 200, 250]);
  });
});
