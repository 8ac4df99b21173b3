/** A set of strings with O(1) add, delete and pick-by-index (for random choice). */
export class PickableSet {
  private readonly items: string[] = [];
  private readonly positions = new Map<string, number>();

  constructor(initial: Iterable<string> = []) {
    for (const item of initial) this.add(item);
  }

  add(item: string): void {
    if (this.positions.has(item)) return;
    this.positions.set(item, this.items.length);
    this.items.push(item);
  }

  delete(item: string): void {
    const position = this.positions.get(item);
    if (position === undefined) return;
    const last = this.items.pop()!;
    if (last !== item) {
      this.items[position] = last;
      this.positions.set(last, position);
    }
    this.positions.delete(item);
  }

  /** Removes every item. */
  clear(): void {
    this.items.length = 0;
    this.positions.clear();
  }

  has(item: string): boolean {
    return this.positions.has(item);
  }

  /** The item at `index` (0 <= index < size). */
  at(index: number): string | undefined {
    return this.items[index];
  }

  get size(): number {
    return this.items.length;
  }
}
