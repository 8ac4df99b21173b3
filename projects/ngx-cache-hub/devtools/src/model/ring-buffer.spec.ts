import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest items up to its capacity and forgets the oldest', () => {
    const buffer = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) buffer.push(i);
    expect(buffer.size).toBe(3);
    expect(buffer.newest()).toEqual([5, 4, 3]);
    expect(buffer.newest(2)).toEqual([5, 4]);
    expect(buffer.last()).toBe(5);
  });

  it('stays bounded under a long stream', () => {
    const buffer = new RingBuffer<number>(100);
    for (let i = 0; i < 100_000; i++) buffer.push(i);
    expect(buffer.size).toBe(100);
    expect(buffer.newest(1)).toEqual([99_999]);
  });

  it('is empty after clear', () => {
    const buffer = new RingBuffer<string>(2);
    buffer.push('a');
    buffer.clear();
    expect(buffer.newest()).toEqual([]);
    expect(buffer.last()).toBeUndefined();
  });
});
