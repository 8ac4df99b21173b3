import type { LiveStore } from './store/live-store';
import type { CommandResult, StoreCommand } from './store/store-command';
import type { EventHub } from './stream/event-hub';

/** Whether a process can serve, and why not. */
export interface BusReadiness {
  /** True when writes can be acknowledged and reads are current. */
  ready: boolean;
  /** False when this process's data may differ from the truth: REST and streams answer 503. */
  serving: boolean;
  /** Why it is not ready. */
  reason?: string;
}

/** The readiness of a bus with nothing wrong. */
export const READY: BusReadiness = { ready: true, serving: true };

/**
 * Orders store commands and applies them. In one process that is a direct call
 * ({@link LocalBus}) or a durable log ({@link DurableBus}); across processes the commands go
 * through Redis ({@link RedisBus}) and every process applies the same commands in the same order.
 */
export interface CommandBus {
  /** `memory`, `durable` (DATA_DIR) or `redis`, as reported by /api/health. */
  readonly mode: 'memory' | 'durable' | 'redis';
  /** Applies the command (wherever it is ordered) and resolves with its result in this process. */
  submit(command: StoreCommand): Promise<CommandResult>;
  /** Whether this process can serve now. */
  readiness(): BusReadiness;
  /** Stops the bus; pending submissions are rejected. */
  close(): Promise<void>;
}

/**
 * Applies a command to the store and publishes the events it produced. The result (and the
 * response kept for its idempotency key) carries the head after publishing, the position the
 * response reflects.
 */
export function applyAndPublish(store: LiveStore, hub: EventHub, command: StoreCommand): CommandResult {
  const result = store.apply(command);
  if (result.replayed || result.conflict) return result;
  hub.publish(result.changes);
  result.seq = hub.latestSeq;
  if (command.idempotencyKey !== undefined) store.idempotency.recordSeq(command.actor, command.idempotencyKey, hub.latestSeq);
  return result;
}
