import type { createClient } from 'redis';
import type { StoreSnapshot } from './store/live-store';
import type { EventHubSnapshot } from './stream/event-hub';

/** A connected node-redis client. */
export type RedisClient = ReturnType<typeof createClient>;

/** The Redis keys and channel of one shared server (one prefix). */
export interface RedisKeys {
  seq: string;
  log: string;
  channel: string;
  seed: string;
  epoch: string;
  /** The epoch the current one replaced after a rollback (its snapshot still holds the state). */
  epochFrom: string;
  /** Running hash of every command numbered so far (see SUBMIT_SCRIPT). */
  chain: string;
  snapshot: string;
}

/** The keys under `prefix`. */
export function redisKeys(prefix: string): RedisKeys {
  return {
    seq: `${prefix}:command-seq`,
    log: `${prefix}:command-log`,
    channel: `${prefix}:commands`,
    seed: `${prefix}:seed`,
    epoch: `${prefix}:epoch`,
    epochFrom: `${prefix}:epoch-from`,
    chain: `${prefix}:chain`,
    snapshot: `${prefix}:snapshot`,
  };
}

/** The error a submission gets when the epoch key is not this process's: Redis lost or replaced its data. */
export const EPOCH_LOST = 'EPOCHLOST';

/**
 * Checks the shared epoch, then numbers the command, chains it (`chain` = sha1 of the previous
 * chain, a newline and the payload), appends it to the bounded log and publishes it as
 * `<n>\n<chain>\n<payload>`, in one atomic step, so every subscriber receives commands in
 * numbering order with no gaps, and a process can tell that command n is not the one it applied
 * before (Redis rolled back, then numbered other commands). KEYS: seq, log, epoch, chain.
 * ARGV: payload, channel, log size, epoch.
 */
export const SUBMIT_SCRIPT = `
if redis.call('GET', KEYS[3]) ~= ARGV[4] then return redis.error_reply("${EPOCH_LOST} the shared epoch is not this process's") end
local seq = redis.call('INCR', KEYS[1])
local chain = redis.sha1hex((redis.call('GET', KEYS[4]) or '') .. '\\n' .. ARGV[1])
redis.call('SET', KEYS[4], chain)
local message = seq .. '\\n' .. chain .. '\\n' .. ARGV[1]
redis.call('RPUSH', KEYS[2], message)
local excess = redis.call('LLEN', KEYS[2]) - tonumber(ARGV[3])
if excess > 0 then redis.call('LTRIM', KEYS[2], excess, -1) end
redis.call('PUBLISH', ARGV[2], message)
return seq
`;

/** Stores a snapshot unless a newer one is there. KEYS: snapshot. ARGV: applied-through, state JSON, chain at it. */
const SNAPSHOT_SCRIPT = `
local current = tonumber(redis.call('HGET', KEYS[1], 'appliedThrough') or '0')
if tonumber(ARGV[1]) <= current then return 0 end
redis.call('HSET', KEYS[1], 'appliedThrough', ARGV[1], 'state', ARGV[2], 'chain', ARGV[3])
return 1
`;

/**
 * After a rollback, replaces the epoch, once for all processes: only when Redis still holds
 * `own` (the first process to notice wins; the others see the new epoch and stop). Records the
 * old one, whose snapshot still holds the (rolled-back) state. KEYS: epoch, epoch-from.
 * ARGV: own epoch, new epoch. Returns the epoch Redis holds afterwards.
 */
const ROLLOVER_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current ~= ARGV[1] then return current end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[1])
return ARGV[2]
`;

/** Makes `fresh` the shared epoch if Redis still holds `own`; resolves with the epoch Redis then holds. */
export async function rolloverEpoch(client: RedisClient, keys: RedisKeys, own: string, fresh: string): Promise<string | null> {
  return (await client.eval(ROLLOVER_SCRIPT, { keys: [keys.epoch, keys.epochFrom], arguments: [own, fresh] })) as string | null;
}

/** Everything a process needs to continue from command `appliedThrough` without the commands before it. */
export interface RedisSnapshot {
  appliedThrough: number;
  /** The command chain at `appliedThrough` (absent in snapshots written before it existed). */
  chain?: string;
  store: StoreSnapshot;
  hub: EventHubSnapshot & { epoch: string };
}

/** Writes `state` as the shared snapshot when it is newer than the stored one. */
export async function writeRedisSnapshot(client: RedisClient, keys: RedisKeys, appliedThrough: number, state: string, chain: string): Promise<void> {
  await client.eval(SNAPSHOT_SCRIPT, { keys: [keys.snapshot], arguments: [String(appliedThrough), state, chain] });
}

/** The shared snapshot, or undefined when there is none. */
export async function readRedisSnapshot(client: RedisClient, keys: RedisKeys): Promise<RedisSnapshot | undefined> {
  const stored = await client.hGetAll(keys.snapshot);
  if (!stored['state']) return undefined;
  const state = JSON.parse(stored['state']) as Omit<RedisSnapshot, 'appliedThrough'>;
  return { appliedThrough: Number(stored['appliedThrough']), ...(stored['chain'] ? { chain: stored['chain'] } : {}), ...state };
}

/** Records the demo-data seed of the first process; refuses a process with another (their stores would disagree). */
export async function claimSeed(client: RedisClient, keys: RedisKeys, seed: number): Promise<void> {
  await client.set(keys.seed, String(seed), { condition: 'NX' });
  const shared = await client.get(keys.seed);
  if (shared !== String(seed)) {
    throw new Error(
      `ngx-cache-hub live-server: processes sharing Redis prefix use seed ${shared}, this one uses ${seed}. ` +
        'Start every process with the same SEED, or use another REDIS_PREFIX.',
    );
  }
}

/** The shared epoch: `proposed` when this is the first process of the prefix, else the one already in Redis. */
export async function adoptEpoch(client: RedisClient, keys: RedisKeys, proposed: string): Promise<string> {
  await client.set(keys.epoch, proposed, { condition: 'NX' });
  return (await client.get(keys.epoch)) ?? proposed;
}

/** Why a process must stop serving when Redis lost its data (the epoch), or rolled back (the counter), if it must. */
export function sharedStateProblem(sharedEpoch: string | null, counter: number, ownEpoch: string, applied: number): string | undefined {
  if (sharedEpoch !== ownEpoch) return epochLostMessage(sharedEpoch ?? 'none', ownEpoch);
  if (counter < applied) {
    return `ngx-cache-hub live-server: Redis's command counter (${counter}) is behind this process (${applied}): Redis rolled back. Restart every process of this prefix.`;
  }
  return undefined;
}

/** The message of a process that stopped because Redis no longer holds its epoch. */
export function epochLostMessage(shared: string, own: string): string {
  return (
    `ngx-cache-hub live-server: Redis lost the shared state (its epoch is ${shared}, this process has ${own}); ` +
    'this process stopped serving. Restart every process of this prefix: they start a new epoch.'
  );
}
