import { applyAndPublish, READY, type BusReadiness, type CommandBus } from './command-bus';
import type { LiveStore } from './store/live-store';
import type { CommandResult, StoreCommand } from './store/store-command';
import type { EventHub } from './stream/event-hub';

/** The single-process bus: applies each command synchronously, in submission order. */
export class LocalBus implements CommandBus {
  readonly mode = 'memory' as const;
  private closed = false;

  constructor(
    private readonly store: LiveStore,
    private readonly hub: EventHub,
  ) {}

  submit(command: StoreCommand): Promise<CommandResult> {
    if (this.closed) return Promise.reject(new Error('ngx-cache-hub live-server: the server is closing'));
    return Promise.resolve(applyAndPublish(this.store, this.hub, command));
  }

  readiness(): BusReadiness {
    return READY;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
