import type { BroadcastChannelFactory, BroadcastChannelLike } from '../tab-channel';

/**
 * BroadcastChannel for tests: messages reach every other open channel of the same name, copied,
 * on a later microtask (or after `delayMs` of fake time), never the sender. `partition(channel)`
 * cuts one off (a crashed tab).
 */
export class FakeBroadcastNetwork {
  /** How long a message takes to arrive; 0: the next microtask. */
  delayMs = 0;
  /** While true, every message posted is lost (recorded in `posted`, delivered to nobody). */
  losesMessages = false;

  private readonly channels = new Set<FakeChannel>();
  /** Every message posted, for assertions. */
  readonly posted: { name: string; message: unknown }[] = [];

  readonly factory: BroadcastChannelFactory = (name) => {
    const channel = new FakeChannel(name, this);
    this.channels.add(channel);
    return channel;
  };

  /** Channels open now. */
  get openChannels(): number {
    return [...this.channels].filter((c) => !c.closed).length;
  }

  /** Stops delivering to and from `channel`, without closing it. */
  partition(channel: BroadcastChannelLike): void {
    (channel as FakeChannel).cutOff = true;
  }

  /** The channels created so far, in order. */
  get all(): BroadcastChannelLike[] {
    return [...this.channels];
  }

  deliver(from: FakeChannel, message: unknown): void {
    this.posted.push({ name: from.name, message });
    if (from.cutOff || this.losesMessages) return;
    const copy = JSON.parse(JSON.stringify(message)) as unknown;
    for (const channel of this.channels) {
      if (channel === from || channel.name !== from.name) continue;
      const arrive = () => {
        if (!channel.closed && !channel.cutOff) channel.onmessage?.({ data: copy } as MessageEvent);
      };
      if (this.delayMs > 0) setTimeout(arrive, this.delayMs);
      else void Promise.resolve().then(arrive);
    }
  }
}

class FakeChannel implements BroadcastChannelLike {
  onmessage: ((event: MessageEvent) => void) | null = null;
  closed = false;
  cutOff = false;

  constructor(
    readonly name: string,
    private readonly network: FakeBroadcastNetwork,
  ) {}

  postMessage(message: unknown): void {
    if (this.closed) throw new DOMException('closed', 'InvalidStateError');
    this.network.deliver(this, message);
  }

  close(): void {
    this.closed = true;
  }
}
