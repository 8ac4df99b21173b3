import type { LiveStore } from './store/live-store';
import type { CommandResult, StoreCommand } from './store/store-command';
import type { EventHub } from './stream/event-hub';

/**
 * Orders store commands and applies them. In one process that is a direct call
 * ({@link LocalBus}); across processes the commands go through Redis ({@link RedisBus}) and
 * every process applies the same commands in the same order.
 */
export interface CommandBus {
  /** Applies the command (wherever it is ordered) and resolves with its result in this process. */
  submit(command: StoreCommand): Promise<CommandResult>;
  /** Stops the bus; pending submissions are rejected. */
  close(): Promise<void>;
}

/** Applies a command to the store and publishes the events it produced. */
export function applyAndPublish(store: LiveStore, hub: EventHub, command: StoreCommand): CommandResult {
  const result = store.apply(command);
  hub.publish(result.changes);
  return result;
}
