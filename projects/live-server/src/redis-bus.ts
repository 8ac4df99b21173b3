import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { applyAndPublish, type CommandBus } from './command-bus';
import type { LiveStore } from './store/live-store';
import type { CommandResult, StoreCommand } from './store/store-command';
import type { EventHub } from './stream/event-hub';

type RedisClient = ReturnType<typeof createClient>;

/** Options of {@link RedisBus.connect}. */
export interface RedisBusOptions {
  /** `redis://host:port`. */
  url: string;
  /** Prefix of the Redis keys and channel; processes with the same prefix share one stream. Default `ngx-cache-hub:live`. */
  prefix?: string;
  store: LiveStore;
  hub: EventHub;
  /** Seed of the store's demo data; every process sharing the prefix must use the same one. */
  seed: number;
  /** How many commands the Redis log keeps for processes that start later. Default 200 000. */
  logSize?: number;
  /** How long a submission waits for its command to come back. Default 10 000 ms. */
  submitTimeoutMs?: number;
  /** Where problems are reported. Default `console.error`. */
  log?: (message: string) => void;
}

/**
 * Numbers the command, appends it to the log and publishes it in one atomic step, so every
 * subscriber receives commands in numbering order with no gaps.
 */
const SUBMIT_SCRIPT = `
local seq = redis.call('INCR', KEYS[1])
local message = seq .. '\\n' .. ARGV[1]
redis.call('RPUSH', KEYS[2], message)
local excess = redis.call('LLEN', KEYS[2]) - tonumber(ARGV[3])
if excess > 0 then redis.call('LTRIM', KEYS[2], excess, -1) end
redis.call('PUBLISH', ARGV[2], message)
return seq
`;

interface Waiter {
  resolve: (result: CommandResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Shares one consistent stream between several server processes. Commands (not their
 * results) go through Redis: a Lua script gives each one the next number from a Redis counter
 * (INCR), appends it to a bounded log and publishes it. Every process, the sender included,
 * applies the commands in number order to its own store, so all stores, versions, event
 * `seq`s and histories are identical, and each process delivers events in seq order. A
 * process that starts later first replays the log.
 */
export class RedisBus implements CommandBus {
  private readonly processId = randomUUID();
  private readonly waiters = new Map<string, Waiter>();
  /** Received commands not applied yet, by number. */
  private readonly received = new Map<number, string>();
  private applied = 0;
  private submitted = 0;
  private catchingUp = true;
  private closed = false;
  private gapTimer: NodeJS.Timeout | undefined;
  private readonly seqKey: string;
  private readonly logKey: string;
  private readonly channel: string;
  private readonly log: (message: string) => void;

  private constructor(
    private readonly client: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly options: RedisBusOptions,
  ) {
    const prefix = options.prefix ?? 'ngx-cache-hub:live';
    this.seqKey = `${prefix}:command-seq`;
    this.logKey = `${prefix}:command-log`;
    this.channel = `${prefix}:commands`;
    this.log = options.log ?? ((message) => console.error(message));
  }

  /** Connects to Redis, replays the command log into the store and starts following new commands. */
  static async connect(options: RedisBusOptions): Promise<RedisBus> {
    const client: RedisClient = createClient({ url: options.url });
    const subscriber = client.duplicate();
    const bus = new RedisBus(client, subscriber, options);
    client.on('error', (error: Error) => bus.log(`ngx-cache-hub live-server: redis error: ${error.message}`));
    subscriber.on('error', (error: Error) => bus.log(`ngx-cache-hub live-server: redis subscriber error: ${error.message}`));
    try {
      await Promise.all([client.connect(), subscriber.connect()]);
      await bus.checkSeed();
      await bus.adoptEpoch();
      await subscriber.subscribe(bus.channel, (message) => bus.receive(message));
      await bus.catchUp();
      return bus;
    } catch (error) {
      client.destroy();
      subscriber.destroy();
      throw error;
    }
  }

  submit(command: StoreCommand): Promise<CommandResult> {
    if (this.closed) return Promise.reject(new Error('ngx-cache-hub live-server: the server is closing'));
    const id = String(++this.submitted);
    const payload = JSON.stringify({ origin: this.processId, id, command });
    return new Promise<CommandResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error('ngx-cache-hub live-server: the command did not come back from Redis in time'));
      }, this.options.submitTimeoutMs ?? 10_000);
      timer.unref();
      this.waiters.set(id, { resolve, reject, timer });
      this.client
        .eval(SUBMIT_SCRIPT, { keys: [this.seqKey, this.logKey], arguments: [payload, this.channel, String(this.options.logSize ?? 200_000)] })
        .catch((error: Error) => {
          clearTimeout(timer);
          this.waiters.delete(id);
          reject(error);
        });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.gapTimer);
    for (const waiter of this.waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('ngx-cache-hub live-server: the server is closing'));
    }
    this.waiters.clear();
    await Promise.allSettled([this.subscriber.close(), this.client.close()]);
  }

  /** Refuses to join processes whose demo data differs (their stores would disagree). */
  private async checkSeed(): Promise<void> {
    const key = `${this.options.prefix ?? 'ngx-cache-hub:live'}:seed`;
    await this.client.set(key, String(this.options.seed), { condition: 'NX' });
    const shared = await this.client.get(key);
    if (shared !== String(this.options.seed)) {
      throw new Error(
        `ngx-cache-hub live-server: processes sharing Redis prefix use seed ${shared}, this one uses ${this.options.seed}. ` +
          'Start every process with the same SEED, or use another REDIS_PREFIX.',
      );
    }
  }

  /** Every process sharing the prefix numbers events in one epoch, kept in Redis (the first process sets it). */
  private async adoptEpoch(): Promise<void> {
    const key = `${this.options.prefix ?? 'ngx-cache-hub:live'}:epoch`;
    await this.client.set(key, this.options.hub.epoch, { condition: 'NX' });
    const shared = await this.client.get(key);
    if (shared !== null) this.options.hub.epoch = shared;
  }

  /** Applies the commands already in the log, then the ones that arrived meanwhile. */
  private async catchUp(): Promise<void> {
    for (const entry of await this.client.lRange(this.logKey, 0, -1)) this.remember(entry);
    const first = this.lowestReceived();
    if (this.received.size > 0 && first > this.applied + 1) {
      throw new Error(
        `ngx-cache-hub live-server: the Redis command log starts at command ${first}; a new process needs it from ${this.applied + 1}. ` +
          'Raise the log size, or delete the Redis keys of this prefix to start a fresh stream.',
      );
    }
    this.catchingUp = false;
    this.drain();
  }

  private receive(message: string): void {
    if (this.closed) return;
    this.remember(message);
    if (!this.catchingUp) this.drain();
  }

  private remember(message: string): void {
    const newline = message.indexOf('\n');
    const seq = Number(message.slice(0, newline));
    if (newline < 1 || !Number.isSafeInteger(seq)) {
      this.log(`ngx-cache-hub live-server: ignored a malformed Redis command message`);
      return;
    }
    if (seq > this.applied) this.received.set(seq, message.slice(newline + 1));
  }

  private lowestReceived(): number {
    let lowest = Infinity;
    for (const seq of this.received.keys()) if (seq < lowest) lowest = seq;
    return lowest;
  }

  /** Applies received commands in number order while the next one is there. */
  private drain(): void {
    let payload: string | undefined;
    while ((payload = this.received.get(this.applied + 1)) !== undefined) {
      this.received.delete(++this.applied);
      this.applyPayload(payload);
    }
    if (this.received.size > 0) this.scheduleGapFill();
  }

  private applyPayload(payload: string): void {
    let message: { origin: string; id: string; command: StoreCommand };
    try {
      message = JSON.parse(payload);
    } catch {
      this.log(`ngx-cache-hub live-server: ignored command ${this.applied}, its payload is not JSON`);
      return;
    }
    const result = applyAndPublish(this.options.store, this.options.hub, message.command);
    if (message.origin !== this.processId) return;
    const waiter = this.waiters.get(message.id);
    if (!waiter) return;
    this.waiters.delete(message.id);
    clearTimeout(waiter.timer);
    waiter.resolve(result);
  }

  /**
   * A command is missing (a pub/sub message lost while the subscriber reconnected): fetch it
   * from the log. If the log no longer has it, skip ahead and say so.
   */
  private scheduleGapFill(): void {
    if (this.gapTimer || this.closed) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = undefined;
      this.fillGap().catch((error: Error) => this.log(`ngx-cache-hub live-server: could not fetch missing commands: ${error.message}`));
    }, 100);
    this.gapTimer.unref();
  }

  private async fillGap(): Promise<void> {
    if (this.received.size === 0 || this.closed) return;
    const nextAvailable = this.lowestReceived();
    const head = await this.client.lIndex(this.logKey, 0);
    const first = head === null ? nextAvailable : Number(head.slice(0, head.indexOf('\n')));
    if (first > this.applied + 1) {
      this.log(
        `ngx-cache-hub live-server: commands ${this.applied + 1}..${nextAvailable - 1} are gone from the Redis log; this process skipped them`,
      );
      this.applied = nextAvailable - 1;
    } else {
      const entries = await this.client.lRange(this.logKey, this.applied + 1 - first, nextAvailable - 1 - first);
      for (const entry of entries) this.remember(entry);
    }
    this.drain();
  }
}
