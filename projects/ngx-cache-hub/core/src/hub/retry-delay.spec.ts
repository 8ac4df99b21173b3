import { CacheHubErrorCode } from './cache-hub-error';
import { exponentialBackoff } from './retry-delay';

describe('exponentialBackoff', () => {
  it('refuses options that would retry at once, forever (negative, NaN, infinite or shrinking), with InvalidOption', () => {
    for (const options of [{ baseMs: -1000 }, { baseMs: NaN }, { baseMs: Infinity }, { maxMs: -1 }, { factor: 0.5 }, { factor: -3 }, { factor: NaN }]) {
      expect(() => exponentialBackoff(options)).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidOption, message: expect.stringMatching(/Backoff options need/) }));
    }
    expect(exponentialBackoff({ baseMs: 0, maxMs: Infinity, factor: 1, jitter: false })(5, undefined)).toBe(0);
    expect(() => exponentialBackoff({ random: 'x' as unknown as () => number })).toThrow(expect.objectContaining({ code: CacheHubErrorCode.InvalidOption }));
    // A random() that gives NaN or a negative number gets the full delay, never a NaN or negative one (a reconnect storm).
    for (const value of [NaN, -1, 2]) {
      expect(exponentialBackoff({ baseMs: 1000, jitter: 'full', random: () => value })(0, undefined)).toBe(1000);
      expect(exponentialBackoff({ baseMs: 1000, random: () => value })(0, undefined)).toBe(1000);
    }
  });

  it('doubles from the base and stops at the cap', () => {
    const delay = exponentialBackoff({ baseMs: 1000, maxMs: 5000, jitter: false });
    expect([0, 1, 2, 3].map((attempt) => delay(attempt, undefined))).toEqual([1000, 2000, 4000, 5000]);
  });

  it('spreads delays over [d/2, d] by default and over [0, d] with full jitter', () => {
    const low = () => 0;
    const high = () => 0.999;
    expect(exponentialBackoff({ random: low })(1, undefined)).toBe(1000);
    expect(exponentialBackoff({ random: high })(1, undefined)).toBeCloseTo(1999, 0);
    expect(exponentialBackoff({ jitter: 'full', random: low })(1, undefined)).toBe(0);
    expect(exponentialBackoff({ jitter: 'full', factor: 3, random: high })(2, undefined)).toBeCloseTo(8991, 0);
  });
});
