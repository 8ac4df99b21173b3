import type { EntityType } from '../store/entity-types';
import type { EventHub } from './event-hub';
import { isVisibleTo, type StreamEvent } from './event-history';
import { resyncFrame } from './frames';

/** Writes one serialized frame to the transport; `seq` is given for frames that have one. */
export type FrameWriter = (json: string, seq?: number) => void;

/**
 * The subscriptions of one stream connection (WebSocket or SSE): which entity types it
 * receives, replay from `since`, and the visibility rule (orders only to their owner).
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
   * with a greater seq, in seq order, or sends RESYNC_REQUIRED per type when they are gone.
   */
  subscribe(types: readonly EntityType[], since?: number): void {
    if (since !== undefined) {
      const replay = this.hub.replay(since, new Set(types), this.userId);
      if (replay.resync) {
        for (const type of types) this.write(JSON.stringify(resyncFrame(type, replay.latestSeq)), replay.latestSeq);
      } else {
        for (const event of replay.events) this.write(event.json, event.seq);
      }
    }
    for (const type of types) this.types.add(type);
  }

  /** Stops receiving `type`. */
  unsubscribe(type: EntityType): void {
    this.types.delete(type);
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
    if (this.types.has(event.entityType) && isVisibleTo(event, this.userId)) this.write(event.json, event.seq);
  }
}
