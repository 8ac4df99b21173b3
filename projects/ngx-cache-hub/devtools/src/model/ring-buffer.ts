/** A fixed-capacity buffer that forgets its oldest items: the inspector's memory never grows with traffic. */
export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #start = 0;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#items = new Array<T | undefined>(Math.max(1, capacity));
  }

  /** How many items it holds (at most `capacity`). */
  get size(): number {
    return this.#size;
  }

  /** Adds `item`, dropping the oldest one when full. */
  push(item: T): void {
    const capacity = this.#items.length;
    this.#items[(this.#start + this.#size) % capacity] = item;
    if (this.#size < capacity) this.#size++;
    else this.#start = (this.#start + 1) % capacity;
  }

  /** The items, newest first, at most `limit` of them. */
  newest(limit = this.#size): T[] {
    const result: T[] = [];
    const capacity = this.#items.length;
    for (let i = this.#size - 1; i >= 0 && result.length < limit; i--) result.push(this.#items[(this.#start + i) % capacity] as T);
    return result;
  }

  /** The newest item, or undefined. */
  last(): T | undefined {
    return this.#size === 0 ? undefined : this.#items[(this.#start + this.#size - 1) % this.#items.length];
  }

  clear(): void {
    this.#items.fill(undefined);
    this.#start = 0;
    this.#size = 0;
  }
}
