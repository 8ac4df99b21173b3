import type { StoreSnapshot } from './store/live-store';
import type { EventHubSnapshot } from './stream/event-hub';

/** A whole server's state in memory: store, epoch, seq numbering and retained events (`LiveServer.snapshot()`). */
export interface LiveServerSnapshot {
  format: 1;
  store: StoreSnapshot;
  hub: EventHubSnapshot;
}
