/**
 * Recognises frames delivered twice (a replay overlapping what arrived live, the fallback catching
 * up) by having seen their seq in the same epoch, among the last `size` seqs. A frame with a lower
 * seq than others is never dropped for that alone: fan-out across servers may deliver out of order,
 * and versions decide what applies.
 */
export class SeenWindow {
  #epoch: string | undefined;
  readonly #seen = new Set<number>();
  /** Frames recognised as duplicates since the client was created. */
  duplicates = 0;

  constructor(private readonly size = 10_000) {}

  /** Records `seq` (in `epoch`); returns false when it was seen already. */
  admit(epoch: string | undefined, seq: number): boolean {
    if (epoch !== this.#epoch) {
      this.#epoch = epoch;
      this.#seen.clear();
    }
    if (this.#seen.has(seq)) {
      this.duplicates++;
      return false;
    }
    this.#seen.add(seq);
    if (this.#seen.size > this.size) this.#seen.delete(this.#seen.values().next().value!);
    return true;
  }
}
