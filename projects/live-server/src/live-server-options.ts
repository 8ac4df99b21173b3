import type { LiveServerSnapshot } from './live-server-snapshot';

/** Options of `createLiveServer` (server.ts); `readEnvOptions` reads them from the environment. */
export interface LiveServerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Seed of the demo data. Default 42. */
  seed?: number;
  /** Simulator rate in events per second; 0 (the default) leaves it stopped. */
  simRate?: number;
  /** Seed of the simulator's choices. Default 1. */
  simSeed?: number;
  /** Events retained for replay (`since`, Last-Event-ID, polling). Default 1 000. */
  historySize?: number;
  /** Interval of PING frames on WebSocket and SSE streams. Default 15 000 ms. */
  pingIntervalMs?: number;
  /** Open WebSocket + SSE connections allowed per signed-in user. Default 5. */
  maxConnectionsPerUser?: number;
  /** Bearer tokens and their users. Default `demo-alice` -> alice, `demo-bob` -> bob. */
  tokens?: Readonly<Record<string, string>>;
  /** With a Redis URL, processes sharing `redisPrefix` serve one stream (see RedisBus). */
  redisUrl?: string;
  /** Prefix of the Redis keys. Default `ngx-cache-hub:live`. */
  redisPrefix?: string;
  /** Commands the Redis log keeps (older ones are trimmed; a snapshot in Redis covers them). Default 200 000. */
  redisLogSize?: number;
  /** Every this many commands the state is stored in Redis, so a process can join or catch up after a trim. Default 1 000. */
  redisSnapshotEvery?: number;
  /** How long a write waits for its command to come back from Redis; then 503 "outcome unknown". Default 10 000 ms. */
  redisSubmitTimeoutMs?: number;
  /** How often the shared epoch and command counter are checked. Default 1 000 ms. */
  redisCheckIntervalMs?: number;
  /** Idempotency keys remembered per user (anonymous counts as one user). Default 10 000. */
  idempotencyCacheSize?: number;
  /** Delivered or cancelled orders kept per user before the oldest are archived. Default 200. */
  maxSettledOrdersPerUser?: number;
  /** Start from this state (see `LiveServer.snapshot()`), e.g. to restart on the same data; kept in memory only. */
  snapshot?: LiveServerSnapshot;
  /**
   * Durable mode: every command is fsynced to `<dataDir>/commands.jsonl` before it is applied
   * and answered, compacted into `<dataDir>/snapshot.json`; a restart continues the epoch. Not with Redis.
   */
  dataDir?: string;
  /** Older form of durable mode: the snapshot at this file, the log at `<file>.commands.jsonl`. Prefer `dataDir`. */
  dataFile?: string;
  /**
   * Durable mode: start a new epoch even though the log continues the snapshot. Use it once after
   * restoring a data directory from a backup (env `NEW_EPOCH=1`): history after the backup is lost,
   * and clients must resync instead of trusting positions the backup never saw.
   */
  newEpoch?: boolean;
  /** Durable mode: how long a command waits to share an fsync with others. Default 2 ms. */
  groupCommitMs?: number;
  /** Durable mode: commands logged between two compactions into the snapshot. Default 10 000. */
  compactEvery?: number;
  /** Interval of `: heartbeat` comments on the foreign feed (`/api/realtime/events`). Default 30 000 ms. */
  foreignHeartbeatMs?: number;
  /** Where start-up notes (replayed commands, a dropped torn line) go. Default `console.log`. */
  log?: (message: string) => void;
  /** Clock stamping changes (epoch ms). Default `Date.now`. */
  now?: () => number;
}
