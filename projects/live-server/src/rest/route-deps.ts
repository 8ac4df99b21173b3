import type { CommandBus } from '../command-bus';
import type { Simulator } from '../simulator';
import type { LiveStore } from '../store/live-store';
import type { EventHub } from '../stream/event-hub';
import type { StreamPosition } from '../stream/stream-position';

/** What the REST routes work with. */
export interface RouteDeps {
  store: LiveStore;
  hub: EventHub;
  bus: CommandBus;
  sim: Simulator;
  /** The clock used to stamp commands. */
  now: () => number;
}

/** A list answer with the stream position it reflects (`position`, also sent as `X-Stream-Position`). */
export function withPosition<T extends object>(deps: RouteDeps, page: T): T & { position: StreamPosition } {
  return { ...page, position: deps.hub.position };
}
