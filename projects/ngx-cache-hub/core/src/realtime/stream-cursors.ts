import { formatStreamPosition, type StreamPosition } from '../hub/stream-position';

/**
 * Where the client stands in each entity type's stream: the newest position seen for it (an
 * event, an acknowledgement, a heartbeat with the head). Kept across reconnects and unfollows so
 * that a type resumes where it stopped; a resync or a new epoch moves it anywhere.
 */
export class StreamCursors {
  readonly #cursors = new Map<string, StreamPosition>();

  /** The newest position seen for `type`. */
  of(type: string): StreamPosition | undefined {
    return this.#cursors.get(type);
  }

  /** Moves a type's cursor forward (or anywhere with `reset`, or into another epoch). */
  advance(type: string, position: StreamPosition, reset = false): void {
    const cursor = this.#cursors.get(type);
    if (reset || !cursor || cursor.epoch !== position.epoch || position.seq > cursor.seq) this.#cursors.set(type, position);
  }

  /** One position for a one-way stream of several types: the oldest of their `since`s (in the first one's epoch). */
  static oldest(types: Iterable<string>, sinceOf: (type: string) => StreamPosition | undefined): string | undefined {
    let oldest: StreamPosition | undefined;
    for (const type of types) {
      const since = sinceOf(type);
      if (since && (!oldest || (since.epoch === oldest.epoch && since.seq < oldest.seq))) oldest = since;
    }
    return oldest && formatStreamPosition(oldest);
  }
}
