import type { LiveServerOptions } from './server';

/**
 * Reads the server options from environment variables: PORT (3000), HOST (127.0.0.1),
 * SIM_RATE (2 events/s), SEED, SIM_SEED, HISTORY_SIZE (1000), PING_INTERVAL_MS (15000),
 * MAX_CONNECTIONS_PER_USER (5), REDIS_URL, REDIS_PREFIX, REDIS_LOG_SIZE (200000), REDIS_SNAPSHOT_EVERY (1000),
 * REDIS_SUBMIT_TIMEOUT_MS (10000), REDIS_CHECK_INTERVAL_MS (1000),
 * DATA_DIR (or the older DATA_FILE), NEW_EPOCH (1: a new epoch at this start), GROUP_COMMIT_MS (2), COMPACT_EVERY (10000), FOREIGN_HEARTBEAT_MS (30000).
 */
export function readEnvOptions(env: NodeJS.ProcessEnv): LiveServerOptions {
  return {
    port: envInt(env, 'PORT', 3000, 0, 65535),
    host: env['HOST'] || '127.0.0.1',
    simRate: envNumber(env, 'SIM_RATE', 2),
    seed: envInt(env, 'SEED', 42, 0, 2 ** 32 - 1),
    simSeed: envInt(env, 'SIM_SEED', 1, 0, 2 ** 32 - 1),
    historySize: envInt(env, 'HISTORY_SIZE', 1000, 1, 10_000_000),
    pingIntervalMs: envInt(env, 'PING_INTERVAL_MS', 15_000, 100, 3_600_000),
    maxConnectionsPerUser: envInt(env, 'MAX_CONNECTIONS_PER_USER', 5, 1, 100_000),
    redisUrl: env['REDIS_URL'] || undefined,
    redisPrefix: env['REDIS_PREFIX'] || undefined,
    redisLogSize: envInt(env, 'REDIS_LOG_SIZE', 200_000, 2, 100_000_000),
    redisSnapshotEvery: envInt(env, 'REDIS_SNAPSHOT_EVERY', 1000, 1, 100_000_000),
    redisSubmitTimeoutMs: envInt(env, 'REDIS_SUBMIT_TIMEOUT_MS', 10_000, 100, 600_000),
    redisCheckIntervalMs: envInt(env, 'REDIS_CHECK_INTERVAL_MS', 1000, 50, 600_000),
    dataDir: env['DATA_DIR'] || undefined,
    dataFile: env['DATA_FILE'] || undefined,
    newEpoch: envFlag(env, 'NEW_EPOCH'),
    groupCommitMs: envInt(env, 'GROUP_COMMIT_MS', 2, 0, 1000),
    compactEvery: envInt(env, 'COMPACT_EVERY', 10_000, 1, 100_000_000),
    foreignHeartbeatMs: envInt(env, 'FOREIGN_HEARTBEAT_MS', 30_000, 100, 3_600_000),
  };
}

function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = envNumber(env, name, fallback);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`ngx-cache-hub live-server: ${name} must be an integer between ${min} and ${max}, got "${env[name]}"`);
  }
  return value;
}

function envNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`ngx-cache-hub live-server: ${name} must be a non-negative number, got "${raw}"`);
  return value;
}

function envFlag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === '0') return false;
  if (raw === '1' || raw === 'true') return true;
  throw new Error(`ngx-cache-hub live-server: ${name} must be 1 or 0, got "${raw}"`);
}
