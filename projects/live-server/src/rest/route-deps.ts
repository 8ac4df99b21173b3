import type { CommandBus } from '../command-bus';
import type { Simulator } from '../simulator';
import type { LiveStore } from '../store/live-store';
import type { EventHub } from '../stream/event-hub';

/** What the REST routes work with. */
export interface RouteDeps {
  store: LiveStore;
  hub: EventHub;
  bus: CommandBus;
  sim: Simulator;
  /** The clock used to stamp commands. */
  now: () => number;
}
