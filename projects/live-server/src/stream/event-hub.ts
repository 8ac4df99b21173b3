import type { EntityType } from '../store/entity-types';
import { EventHistory, isVisibleTo, type StreamEvent } from './event-history';
import type { ChangeDraft, EntityEventFrame } from './frames';
import { newEpoch, type StreamPosition } from './stream-position';

/** A listener of published events. */
export type StreamListener = (event: StreamEvent) => void;

/** What a client resuming from `since` gets: the missed events, or the news that it must refetch. */
export type ReplayResult = { resync: false; events: StreamEvent[] } | { resync: true; latestSeq: number };

/** The numbering state of a hub, for snapshots and restarts. */
export interface EventHubSnapshot {
  /** Absent in snapshots of servers before protocol v2 (a new epoch is made). */
  epoch?: string;
  latestSeq: number;
  droppedThrough: number;
  events: Array<{ frame: EntityEventFrame; ownerId?: string }>;
}

/**
 * Numbers events with one global, gap-free `seq` inside an `epoch` (one history), keeps a
 * bounded history for replay and fans each event out to the listeners (the connections)
 * synchronously, in seq order.
 */
export class EventHub {
  private history: EventHistory;
  private readonly listeners = new Set<StreamListener>();
  /** The seq of the last published event (0 before the first). */
  latestSeq = 0;
  /** Names this history; a new one whenever history is lost. */
  epoch: string;

  constructor(
    private readonly historySize = 1000,
    snapshot?: EventHubSnapshot,
  ) {
    this.history = new EventHistory(historySize);
    this.epoch = snapshot?.epoch ?? newEpoch();
    if (snapshot) this.load(snapshot);
  }

  /** Replaces numbering and history with a snapshot's (a process that fell behind catching up); listeners stay. */
  restore(snapshot: EventHubSnapshot & { epoch: string }): void {
    this.history = new EventHistory(this.historySize);
    this.epoch = snapshot.epoch;
    this.load(snapshot);
  }

  private load(snapshot: EventHubSnapshot): void {
    for (const { frame, ownerId } of snapshot.events) this.history.push(toStreamEvent(frame, ownerId));
    this.latestSeq = snapshot.latestSeq;
    this.history.droppedThrough = Math.max(this.history.droppedThrough, snapshot.droppedThrough, (this.history.after(0)[0]?.seq ?? snapshot.latestSeq + 1) - 1);
  }

  /** Gives each change the next seq, records it and delivers it to every listener. */
  publish(changes: readonly ChangeDraft[]): StreamEvent[] {
    const published: StreamEvent[] = [];
    for (const change of changes) {
      const frame = { type: change.event.type, epoch: this.epoch, seq: ++this.latestSeq, data: change.event.data } as EntityEventFrame;
      const event = toStreamEvent(frame, change.ownerId);
      this.history.push(event);
      published.push(event);
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          // One broken connection must not stop the others from getting the event.
          console.error('ngx-cache-hub live-server: stream listener failed', error);
        }
      }
    }
    return published;
  }

  /** Registers a listener; returns the function that removes it. */
  listen(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Number of registered listeners. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The head: the position of the last published event. */
  get position(): StreamPosition {
    return { epoch: this.epoch, seq: this.latestSeq };
  }

  /**
   * The retained events of `types` with seq > `since.seq` that `userId` may see. When `since`
   * is from another epoch, beyond the head, or older than the retained history, the client
   * must resync instead.
   */
  replay(since: StreamPosition, types: ReadonlySet<EntityType>, userId: string | null): ReplayResult {
    if (since.epoch !== this.epoch || since.seq < this.history.droppedThrough || since.seq > this.latestSeq) {
      return { resync: true, latestSeq: this.latestSeq };
    }
    const events = this.history.after(since.seq).filter((event) => types.has(event.entityType) && isVisibleTo(event, userId));
    return { resync: false, events };
  }

  /** The numbering state and retained events. */
  snapshot(): EventHubSnapshot & { epoch: string } {
    return {
      epoch: this.epoch,
      latestSeq: this.latestSeq,
      droppedThrough: this.history.droppedThrough,
      events: this.history.after(0).map(({ frame, ownerId }) => (ownerId === undefined ? { frame } : { frame, ownerId })),
    };
  }
}

function toStreamEvent(frame: EntityEventFrame, ownerId: string | undefined): StreamEvent {
  const event: StreamEvent = { seq: frame.seq, entityType: frame.data.entityType, frame, json: JSON.stringify(frame) };
  if (ownerId !== undefined) event.ownerId = ownerId;
  return event;
}
