import { Subject } from 'rxjs';
import type { StreamPosition } from '../hub/stream-position';
import type { ConnectionLink } from './connection-link';
import type { EntityEventFrame, ServerFrame } from './protocol';
import type { SubscriptionAck } from './realtime-client-options';
import { SeenWindow } from './seen-window';
import { StreamCursors } from './stream-cursors';

/**
 * Where each valid frame goes: heartbeats are answered and move the cursors of acknowledged
 * types to the head; acknowledgements and resyncs mark a link's subscription and are reported;
 * entity events, duplicates left out, move their type's cursor and are delivered.
 */
export class FrameRouter {
  readonly cursors = new StreamCursors();
  readonly seen = new SeenWindow();
  readonly events = new Subject<EntityEventFrame>();
  readonly acks = new Subject<SubscriptionAck>();

  constructor(
    private readonly subscribed: (type: string) => boolean,
    private readonly isPrimary: (link: ConnectionLink) => boolean,
  ) {}

  route(frame: ServerFrame, link: ConnectionLink): void {
    const position = frame.seq !== undefined && frame.epoch !== undefined ? { epoch: frame.epoch, seq: frame.seq } : undefined;
    switch (frame.type) {
      case 'PING':
        if (link.transport.duplex) link.transport.send(frame.seq === undefined ? { type: 'PONG' } : { type: 'PONG', seq: frame.seq });
        // Everything before the heartbeat was sent: acknowledged types are current to the head.
        // Not for types taken as live without an acknowledgement: they may have missed what came before.
        if (position) for (const type of link.positioned) this.cursors.advance(type, position);
        return;
      case 'SUBSCRIBED':
      case 'RESYNC_REQUIRED':
        return this.acknowledge(link, frame.data.entityType, position, frame.type === 'RESYNC_REQUIRED');
      default: {
        if (frame.seq !== undefined && !this.seen.admit(frame.epoch, frame.seq)) return;
        const { entityType } = frame.data;
        if (position && this.subscribed(entityType)) this.cursors.advance(entityType, position);
        this.events.next(frame);
      }
    }
  }

  /** A link's subscription of `type` is live from `position` (unknown: it was never acknowledged in time). */
  acknowledge(link: ConnectionLink, type: string, position: StreamPosition | undefined, resync: boolean): void {
    if (!this.subscribed(type)) return;
    if (position) this.cursors.advance(type, position, resync);
    const primary = this.isPrimary(link);
    link.acknowledged(type, primary, position !== undefined);
    if (primary || resync) this.acks.next({ entityType: type, position, resync });
  }
}
