/** How many subscribers each entity type has; says when a type gains its first and loses its last. */
export class RefCounts {
  readonly #counts = new Map<string, number>();

  /** Adds a subscriber; true when it is the type's first. */
  add(type: string): boolean {
    const count = this.#counts.get(type) ?? 0;
    this.#counts.set(type, count + 1);
    return count === 0;
  }

  /** Removes a subscriber; true when it was the type's last. */
  remove(type: string): boolean {
    const count = this.#counts.get(type) ?? 0;
    if (count > 1) this.#counts.set(type, count - 1);
    else this.#counts.delete(type);
    return count === 1;
  }

  has(type: string): boolean {
    return this.#counts.has(type);
  }

  get size(): number {
    return this.#counts.size;
  }

  types(): string[] {
    return [...this.#counts.keys()];
  }

  /** Whether `types` is another set than the subscribed types. */
  differsFrom(types: readonly string[]): boolean {
    return types.length !== this.#counts.size || types.some((type) => !this.#counts.has(type));
  }
}
