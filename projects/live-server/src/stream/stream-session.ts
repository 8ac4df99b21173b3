import type { EntityType } from '../store/entity-types';
import type { EventHub } from './event-hub';
import { isVisibleTo, type StreamEvent } from './event-history';
import { pingFrame, subscribeAnswer } from './frames';
import { formatPosition, type StreamPosition } from './stream-position';

/** Writes one serialized frame to the transport; `id` (`<epoch>:<seq>`) is given for frames that have a seq. */
export type FrameWriter = (json: string, id?: string) => void;

/**
 * The subscriptions of one stream connection (WebSocket or SSE): which entity types it
 * receives, replay from `since` with the SUBSCRIBED / RESYNC_REQUIRED answers, heartbeats
 * with the head, and the visibility rule (orders only to their owner).
 */
export class StreamSession {
  private readonly types = new Set<EntityType>();
  private readonly stopListening: () => void;

  constructor(
    private readonly hub: EventHub,
    readonly userId: string | null,
    private readonly write: FrameWriter,
  ) {
    this.stopListening = hub.listen((event) => this.deliver(event));
  }

  /**
   * Starts receiving `types`. With `since`, first replays every retained event of those types
   * after it, in seq order, then answers SUBSCRIBED per type at the head; when `since` cannot
   * be served (another epoch, beyond the head, older than the history) it answers
   * RESYNC_REQUIRED per type instead. Without `since`: SUBSCRIBED per type at the head.
   */
  subscribe(types: readonly EntityType[], since?: StreamPosition): void {
    let answer: 'SUBSCRIBED' | 'RESYNC_REQUIRED' = 'SUBSCRIBED';
    if (since !== undefined) {
      const replay = this.hub.replay(since, new Set(types), this.userId);
      if (replay.resync) answer = 'RESYNC_REQUIRED';
      else for (const event of replay.events) this.write(event.json, formatPosition(event.frame));
    }
    const head = this.hub.position;
    for (const type of types) {
      this.types.add(type);
      this.write(JSON.stringify(subscribeAnswer(answer, type, head.epoch, head.seq)), formatPosition(head));
    }
  }

  /** Stops receiving `type`. */
  unsubscribe(type: EntityType): void {
    this.types.delete(type);
  }

  /** Sends a PING at the head: it follows every frame written before it. */
  ping(): void {
    const head = this.hub.position;
    this.write(JSON.stringify(pingFrame(head.epoch, head.seq)), formatPosition(head));
  }

  /** The subscribed types. */
  get subscriptions(): ReadonlySet<EntityType> {
    return this.types;
  }

  /** Stops receiving events. */
  close(): void {
    this.types.clear();
    this.stopListening();
  }

  private deliver(event: StreamEvent): void {
    if (this.types.has(event.entityType) && isVisibleTo(event, this.userId)) this.write(event.json, formatPosition(event.frame));
  }
}
