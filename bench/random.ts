/** A small seeded PRNG (xorshift32), so every run and every library sees the same workload. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
}

/** `count` distinct integers in [0, n), in random order. */
export function sampleDistinct(random: () => number, n: number, count: number): number[] {
  const picked = new Set<number>();
  while (picked.size < Math.min(count, n)) picked.add(Math.floor(random() * n));
  return [...picked];
}
