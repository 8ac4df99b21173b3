import type { Subscription } from 'rxjs';
import type { ConnectionStatus, LiveSync, RealtimeClient } from 'ngx-cache-hub/core';
import type { ConnectionState } from './inspector-state';

/**
 * Follows the connection's status: since when it is up, or, while it is not, since it was last up
 * (or first went down), so failed reconnect attempts do not restart the clock; and how many
 * attempts came after the first.
 */
export class ConnectionTracker {
  readonly #subscription: Subscription;
  #status: ConnectionStatus = 'disconnected';
  #since: number;
  #attempts = 0;

  constructor(
    private readonly client: Omit<RealtimeClient, 'close'>,
    private readonly sync: Pick<LiveSync, 'followedTypes'> | undefined,
    private readonly transport: string | undefined,
    private readonly heartbeatTimeoutMs: number | undefined,
    private readonly now: () => number,
  ) {
    this.#since = now();
    this.#subscription = client.status$.subscribe((status) => {
      if (status === 'connecting') this.#attempts++;
      if ((status === 'connected') !== (this.#status === 'connected')) this.#since = now();
      this.#status = status;
    });
  }

  /** The connection now. `lastFrameAt` comes from the frame log. */
  state(lastFrameAt: number | null): ConnectionState {
    const types = this.sync?.followedTypes ?? [];
    return {
      status: this.#status,
      transport: this.transport,
      since: this.#since,
      reconnects: Math.max(0, this.#attempts - 1),
      followed: types.map((type) => {
        const position = this.client.positionOf(type);
        return { type, live: this.client.isLive(type), epoch: position?.epoch, seq: position?.seq };
      }),
      lastFrameAt,
      heartbeatTimeoutMs: this.heartbeatTimeoutMs,
      duplicatesDropped: this.client.duplicatesDropped,
    };
  }

  destroy(): void {
    this.#subscription.unsubscribe();
  }
}
