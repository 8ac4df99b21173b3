import { createHash, randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { applyAndPublish, READY, type BusReadiness, type CommandBus } from './command-bus';
import { RedisCommandSequence } from './redis-command-sequence';
import { RedisFreshness, type CheckTicket } from './redis-freshness';
import {
  adoptEpoch,
  claimSeed,
  EPOCH_LOST,
  epochLostMessage,
  readRedisSnapshot,
  redisKeys,
  rolloverEpoch,
  SUBMIT_SCRIPT,
  writeRedisSnapshot,
  type RedisClient,
  type RedisKeys,
  type RedisSnapshot,
} from './redis-shared-state';
import type { LiveStore } from './store/live-store';
import type { CommandResult, StoreCommand } from './store/store-command';
import type { EventHub } from './stream/event-hub';
import { newEpoch } from './stream/stream-position';

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
  /** How many commands the Redis log keeps. Default 200 000; must exceed `snapshotEvery`. */
  logSize?: number;
  /** Every this many commands each process stores the state in Redis, for processes that fall behind or join late. Default 1 000. */
  snapshotEvery?: number;
  /** How long a submission waits for its command to come back; then its outcome is unknown. Default 10 000 ms. */
  submitTimeoutMs?: number;
  /** How often the shared epoch and counter are checked. Default 1 000 ms. */
  checkIntervalMs?: number;
  /** Called when this process's stream clients must resume or refetch: its state was replaced, or it stopped serving. */
  onReset?: () => void;
  /** Where problems are reported. Default `console.error`. */
  log?: (message: string) => void;
}

interface Waiter {
  resolve: (result: CommandResult) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Shares one consistent stream between several server processes. Commands (not their
 * results) go through Redis: a Lua script checks the shared epoch, gives each command the
 * next number (INCR), appends it to a bounded log and publishes it. Every process applies the
 * commands in number order to its own store, so stores, versions, seq and histories are
 * identical. A process that starts late or falls behind the log loads the snapshot kept in
 * Redis; when nothing covers the missing commands, or Redis lost its data (the epoch key is
 * gone, the counter went back), it stops serving rather than serve different data.
 */
export class RedisBus implements CommandBus {
  readonly mode = 'redis' as const;
  private readonly processId = randomUUID();
  private readonly waiters = new Map<string, Waiter>();
  private readonly keys: RedisKeys;
  private readonly log: (message: string) => void;
  private readonly sequence: RedisCommandSequence;
  private submitted = 0;
  private catchingUp = true;
  private closed = false;
  /** Why this process stopped serving, for good. */
  private broken: string | undefined;
  private checking: Promise<void> | undefined;
  private checkStartedAt = 0;
  private checkTimer: NodeJS.Timeout | undefined;
  /** How current this process knows its data to be. */
  private readonly freshness = new RedisFreshness(() => this.checkSoon());
  /** The chain (see SUBMIT_SCRIPT) after the last applied command; undefined when unknown (an older snapshot). */
  private chain: string | undefined = '';

  private constructor(
    private readonly client: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly options: RedisBusOptions,
  ) {
    this.keys = redisKeys(options.prefix ?? 'ngx-cache-hub:live');
    this.log = options.log ?? ((message) => console.error(message));
    this.sequence = new RedisCommandSequence(this.log);
    if ((options.logSize ?? 200_000) <= this.snapshotEvery) {
      throw new Error(`ngx-cache-hub live-server: the Redis log size (${options.logSize}) must exceed the snapshot interval (${this.snapshotEvery}).`);
    }
  }

  /** Connects to Redis, loads the shared snapshot and log into the store and starts following new commands. */
  static async connect(options: RedisBusOptions): Promise<RedisBus> {
    const client: RedisClient = createClient({ url: options.url, name: `ngx-cache-hub-live-${process.pid}` });
    const subscriber = client.duplicate({ name: `ngx-cache-hub-live-${process.pid}-subscriber` });
    const bus = new RedisBus(client, subscriber, options);
    client.on('error', (error: Error) => bus.log(`ngx-cache-hub live-server: redis error: ${error.message}`));
    subscriber.on('error', (error: Error) => bus.log(`ngx-cache-hub live-server: redis subscriber error: ${error.message}`));
    for (const connection of [client, subscriber]) connection.on('reconnecting', () => bus.freshness.connectionLost());
    try {
      await Promise.all([client.connect(), subscriber.connect()]);
      await claimSeed(client, bus.keys, options.seed);
      options.hub.epoch = await adoptEpoch(client, bus.keys, options.hub.epoch);
      await subscriber.subscribe(bus.keys.channel, (message) => bus.receive(message));
      await bus.catchUpAtStart();
      // A subscriber that reconnected may have missed messages: compare with the counter at once.
      for (const connection of [client, subscriber]) connection.on('ready', () => bus.checkSoon());
      bus.checkTimer = setInterval(() => bus.checkSoon(), options.checkIntervalMs ?? 1000);
      bus.checkTimer.unref();
      return bus;
    } catch (error) {
      bus.freshness.stop();
      client.destroy();
      subscriber.destroy();
      throw error;
    }
  }

  private get snapshotEvery(): number {
    return this.options.snapshotEvery ?? 1000;
  }

  submit(command: StoreCommand): Promise<CommandResult> {
    if (this.closed) return Promise.reject(new Error('ngx-cache-hub live-server: the server is closing'));
    if (this.broken) return Promise.reject(new Error(this.broken));
    // Sent while offline, node-redis would queue the command and apply it later: refuse instead.
    if (!this.client.isReady) return Promise.reject(new Error('Redis is unreachable; the change was not applied'));
    const id = String(++this.submitted);
    const payload = JSON.stringify({ origin: this.processId, id, command });
    const timeoutMs = this.options.submitTimeoutMs ?? 10_000;
    return new Promise<CommandResult>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error(`the command did not come back from Redis within ${timeoutMs} ms and may still be applied`));
      }, timeoutMs);
      timer.unref();
      this.waiters.set(id, { resolve, reject, timer });
      this.client
        .eval(SUBMIT_SCRIPT, {
          keys: [this.keys.seq, this.keys.log, this.keys.epoch, this.keys.chain],
          arguments: [payload, this.keys.channel, String(this.options.logSize ?? 200_000), this.options.hub.epoch],
        })
        .catch((error: Error) => {
          clearTimeout(timer);
          this.waiters.delete(id);
          if (error.message.includes(EPOCH_LOST)) this.stopServing(epochLostMessage('another one or none', this.options.hub.epoch));
          reject(new Error(this.broken ?? error.message));
        });
    });
  }

  readiness(): BusReadiness {
    if (this.broken) return { ready: false, serving: false, reason: this.broken };
    if (this.closed) return { ready: false, serving: true, reason: 'the server is closing' };
    const connected = this.connected;
    const stale = this.freshness.staleReason(connected, this.options.checkIntervalMs ?? 1000);
    if (stale) {
      this.checkSoon();
      return { ready: false, serving: false, reason: stale };
    }
    const stalledMs = Math.max(2 * (this.options.checkIntervalMs ?? 1000), 1000);
    // Within the staleness window reads are still current enough to serve.
    if (!connected) return { ready: false, serving: true, reason: 'Redis is unreachable; writes cannot be acknowledged' };
    if (this.checking && Date.now() - this.checkStartedAt > stalledMs) return { ready: false, serving: true, reason: `Redis has not answered for ${stalledMs} ms` };
    return READY;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.checkTimer);
    this.freshness.stop();
    this.rejectWaiters('ngx-cache-hub live-server: the server is closing');
    await this.checking?.catch(() => undefined);
    await Promise.allSettled([this.subscriber.close(), this.client.close()]);
  }

  /** Loads the shared snapshot if there is one, then the logged commands after it. */
  private async catchUpAtStart(): Promise<void> {
    const snapshot = await this.usableSnapshot();
    if (snapshot) this.restore(snapshot);
    for (const entry of await this.client.lRange(this.keys.log, 0, -1)) this.sequence.remember(entry);
    const first = this.sequence.lowestWaiting;
    if (first !== Infinity && first > this.sequence.applied + 1) {
      throw new Error(
        `ngx-cache-hub live-server: the Redis command log starts at command ${first} and no snapshot in Redis covers ${this.sequence.applied + 1}..${first - 1}. ` +
          'Raise REDIS_LOG_SIZE, or delete the Redis keys of this prefix to start a fresh stream.',
      );
    }
    this.catchingUp = false;
    this.freshness.confirmedNow();
    this.drain();
  }

  /**
   * The shared snapshot if it belongs to this epoch, or to the epoch this one replaced after a
   * rollback (the state is the same; its history is not served under the new epoch).
   */
  private async usableSnapshot(): Promise<RedisSnapshot | undefined> {
    const [snapshot, from] = await Promise.all([readRedisSnapshot(this.client, this.keys), this.client.get(this.keys.epochFrom)]);
    if (!snapshot) return undefined;
    if (snapshot.hub.epoch === this.options.hub.epoch) return snapshot;
    if (from !== null && snapshot.hub.epoch === from) {
      return { ...snapshot, hub: { ...snapshot.hub, epoch: this.options.hub.epoch, events: [], droppedThrough: snapshot.hub.latestSeq } };
    }
    return undefined;
  }

  private receive(message: string): void {
    if (this.closed || this.broken) return;
    this.sequence.remember(message);
    if (!this.catchingUp) this.drain();
  }

  /** Applies received commands in number order while the next one is there. */
  private drain(): void {
    let payload: string | undefined;
    while (!this.broken && (payload = this.sequence.takeNext()) !== undefined) {
      this.applyPayload(payload);
      if (this.sequence.applied % this.snapshotEvery === 0) this.shareSnapshot();
    }
    if (this.sequence.hasGap) this.checkSoon();
  }

  private applyPayload(rest: string): void {
    // `<chain>\n<payload>`; messages from before the chain existed are the payload alone.
    let payload = rest;
    if (!rest.startsWith('{')) {
      const newline = rest.indexOf('\n');
      const chain = rest.slice(0, newline);
      payload = rest.slice(newline + 1);
      if (this.chain !== undefined && createHash('sha1').update(`${this.chain}\n${payload}`, 'utf8').digest('hex') !== chain) {
        this.sequence.applied--; // not applied
        return this.rolledBack(`command ${this.sequence.applied + 1} in Redis does not follow the commands this process applied before it`);
      }
      this.chain = chain;
    }
    let message: { origin: string; id: string; command: StoreCommand };
    try {
      message = JSON.parse(payload);
    } catch {
      this.log(`ngx-cache-hub live-server: ignored command ${this.sequence.applied}, its payload is not JSON`);
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

  private shareSnapshot(): void {
    const state = JSON.stringify({ store: this.options.store.snapshot(), hub: this.options.hub.snapshot() });
    writeRedisSnapshot(this.client, this.keys, this.sequence.applied, state, this.chain ?? '').catch((error: Error) =>
      this.log(`ngx-cache-hub live-server: could not store the snapshot at command ${this.sequence.applied} in Redis: ${error.message}`),
    );
  }

  private get connected(): boolean {
    return this.client.isReady && this.subscriber.isReady;
  }

  private checkSoon(): void {
    if (this.checking || this.closed || this.broken || this.catchingUp) return;
    const ticket = this.freshness.ticket(this.connected);
    this.checkStartedAt = ticket.startedAt;
    this.checking = this.check(ticket)
      .catch((error: Error) => this.log(`ngx-cache-hub live-server: could not check the Redis log: ${error.message}`))
      .finally(() => {
        this.checking = undefined;
        if (this.freshness.needsRecheck(ticket, this.connected)) this.checkSoon();
      });
  }

  /**
   * Compares with the shared epoch and counter: Redis that lost or rolled back its data stops
   * this process; commands this process missed are fetched from the log or, when the log no
   * longer has them, taken from the shared snapshot.
   */
  private async check(ticket: CheckTicket): Promise<void> {
    // Commands keep arriving while the counter is read: compare with what was applied before asking.
    const appliedBefore = this.sequence.applied;
    const [epoch, counterText] = await Promise.all([this.client.get(this.keys.epoch), this.client.get(this.keys.seq)]);
    const counter = Number(counterText ?? 0);
    if (epoch !== this.options.hub.epoch) return this.stopServing(epochLostMessage(epoch ?? 'none', this.options.hub.epoch));
    if (counter < appliedBefore) return this.rolledBack(`Redis's command counter (${counter}) is behind this process (${appliedBefore})`);
    if (counter <= this.sequence.applied) return this.freshness.confirm(ticket);
    const head = await this.client.lIndex(this.keys.log, 0);
    const first = head === null ? counter + 1 : Number(head.slice(0, head.indexOf('\n')));
    if (first > this.sequence.applied + 1) await this.loadSnapshot(`commands ${this.sequence.applied + 1}..${first - 1} are gone from the Redis log`, first);
    if (this.broken) return;
    const offset = this.sequence.applied + 1 - first;
    for (const entry of await this.client.lRange(this.keys.log, Math.max(offset, 0), -1)) this.sequence.remember(entry);
    this.drain();
    if (!this.broken && this.sequence.applied >= counter) this.freshness.confirm(ticket);
  }

  /** Replaces this process's state with the shared snapshot, or stops serving when it does not reach `first - 1`. */
  private async loadSnapshot(reason: string, first: number): Promise<void> {
    const snapshot = await this.usableSnapshot();
    if (!snapshot || snapshot.appliedThrough < first - 1) {
      return this.stopServing(`ngx-cache-hub live-server: ${reason} and no snapshot in Redis covers them; this process stopped serving. Restart it to rejoin.`);
    }
    this.restore(snapshot);
    this.log(`ngx-cache-hub live-server: ${reason}; this process caught up from the Redis snapshot at command ${snapshot.appliedThrough} and asked its stream clients to resume`);
    this.options.onReset?.();
  }

  private restore(snapshot: RedisSnapshot): void {
    this.options.store.restore(snapshot.store);
    this.options.hub.restore(snapshot.hub);
    this.sequence.skipTo(snapshot.appliedThrough);
    this.chain = snapshot.chain;
  }

  /**
   * Redis holds less, or other commands, than this process applied: it rolled back (restarted
   * from an older dump, failover to a lagging replica) and history was lost. This process
   * replaces the epoch in Redis, atomically and only if nobody did yet, so every process and
   * every process started later agrees on a new history (clients resync), and stops serving.
   */
  private rolledBack(problem: string): void {
    if (this.broken) return;
    const own = this.options.hub.epoch;
    const fresh = newEpoch();
    this.stopServing(
      `ngx-cache-hub live-server: ${problem}: Redis rolled back and lost history of epoch ${own}. This process stopped serving and set the new epoch ${fresh} in Redis ` +
        '(unless another process did first); restart every process of this prefix: they join the new epoch and their clients resync.',
    );
    rolloverEpoch(this.client, this.keys, own, fresh).then(
      (now) =>
        this.log(
          now === fresh
            ? `ngx-cache-hub live-server: set the new epoch ${fresh} in Redis (was ${own})`
            : `ngx-cache-hub live-server: Redis already holds the epoch ${now}, left it`,
        ),
      (error: Error) =>
        this.log(`ngx-cache-hub live-server: could not set a new epoch in Redis (${error.message}); restart every process of this prefix with the Redis keys of ${own} removed`),
    );
  }

  private stopServing(reason: string): void {
    if (this.broken) return;
    this.broken = reason;
    this.log(reason);
    this.rejectWaiters(reason);
    this.options.onReset?.();
  }

  private rejectWaiters(reason: string): void {
    for (const waiter of this.waiters.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(reason));
    }
    this.waiters.clear();
  }
}
