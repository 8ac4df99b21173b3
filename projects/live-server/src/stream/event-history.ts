import type { EntityType } from '../store/entity-types';
import type { EntityEventFrame } from './frames';

/** A published event: the frame, its serialized form and who may see it. */
export interface StreamEvent {
  seq: number;
  entityType: EntityType;
  /** The only user allowed to see the event; absent for public events. */
  ownerId?: string;
  frame: EntityEventFrame;
  /** `JSON.stringify(frame)`, computed once for every connection. */
  json: string;
}

/** Whether `userId` (null: anonymous) may see the event. */
export function isVisibleTo(event: StreamEvent, userId: string | null): boolean {
  return event.ownerId === undefined || event.ownerId === userId;
}

/** The last `capacity` events in seq order, in a ring buffer. */
export class EventHistory {
  private readonly ring: Array<StreamEvent | undefined>;
  private start = 0;
  private count = 0;
  /** The highest seq that was evicted (0 when nothing was). */
  droppedThrough = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`history size must be a positive integer, got ${capacity}`);
    this.ring = new Array(capacity);
  }

  /** Appends an event, evicting the oldest when full. */
  push(event: StreamEvent): void {
    if (this.count === this.capacity) {
      this.droppedThrough = this.ring[this.start]!.seq;
      this.ring[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.ring[(this.start + this.count) % this.capacity] = event;
      this.count++;
    }
  }

  /** Number of retained events. */
  get size(): number {
    return this.count;
  }

  /** Retained events with seq > `since`, oldest first. */
  after(since: number): StreamEvent[] {
    const result: StreamEvent[] = [];
    for (let i = 0; i < this.count; i++) {
      const event = this.ring[(this.start + i) % this.capacity]!;
      if (event.seq > since) result.push(event);
    }
    return result;
  }
}
