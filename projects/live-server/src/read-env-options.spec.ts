import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { readEnvOptions } from './read-env-options';

describe('readEnvOptions', () => {
  it('uses the documented defaults', () => {
    const options = readEnvOptions({});
    assert.equal(options.port, 3000);
    assert.equal(options.host, '127.0.0.1');
    assert.equal(options.simRate, 2);
    assert.equal(options.historySize, 1000);
    assert.equal(options.pingIntervalMs, 15_000);
    assert.equal(options.maxConnectionsPerUser, 5);
    assert.equal(options.redisUrl, undefined);
    assert.equal(options.redisLogSize, 200_000);
    assert.deepEqual([options.redisSnapshotEvery, options.redisSubmitTimeoutMs, options.redisCheckIntervalMs], [1000, 10_000, 1000]);
    assert.equal(options.dataDir, undefined, 'in-memory unless DATA_DIR is set');
    assert.equal(options.groupCommitMs, 2);
    assert.equal(options.compactEvery, 10_000);
    assert.equal(options.foreignHeartbeatMs, 30_000);
    assert.equal(options.newEpoch, false);
  });

  it('reads NEW_EPOCH=1 (a new epoch after restoring a backup) and refuses other values', () => {
    assert.equal(readEnvOptions({ NEW_EPOCH: '1' }).newEpoch, true);
    assert.equal(readEnvOptions({ NEW_EPOCH: '0' }).newEpoch, false);
    assert.throws(() => readEnvOptions({ NEW_EPOCH: 'yes' }), /NEW_EPOCH must be 1 or 0/);
  });

  it('reads DATA_DIR, GROUP_COMMIT_MS, COMPACT_EVERY, REDIS_LOG_SIZE and FOREIGN_HEARTBEAT_MS', () => {
    const options = readEnvOptions({ DATA_DIR: '.tmp/data', GROUP_COMMIT_MS: '0', COMPACT_EVERY: '50', REDIS_LOG_SIZE: '500', FOREIGN_HEARTBEAT_MS: '200' });
    assert.deepEqual([options.dataDir, options.groupCommitMs, options.compactEvery, options.redisLogSize, options.foreignHeartbeatMs], ['.tmp/data', 0, 50, 500, 200]);
  });

  it('still reads the older DATA_FILE', () => {
    assert.equal(readEnvOptions({ DATA_FILE: '.tmp/state.json' }).dataFile, '.tmp/state.json');
  });

  it('reads PORT, SIM_RATE, REDIS_URL and HISTORY_SIZE', () => {
    const options = readEnvOptions({ PORT: '0', SIM_RATE: '0.5', REDIS_URL: 'redis://127.0.0.1:6399', HISTORY_SIZE: '50' });
    assert.deepEqual([options.port, options.simRate, options.redisUrl, options.historySize], [0, 0.5, 'redis://127.0.0.1:6399', 50]);
  });

  it('refuses malformed values with the variable name', () => {
    assert.throws(() => readEnvOptions({ PORT: 'http' }), /PORT/);
    assert.throws(() => readEnvOptions({ HISTORY_SIZE: '0' }), /HISTORY_SIZE/);
    assert.throws(() => readEnvOptions({ SIM_RATE: '-3' }), /SIM_RATE/);
    assert.throws(() => readEnvOptions({ COMPACT_EVERY: '0' }), /COMPACT_EVERY/);
    assert.throws(() => readEnvOptions({ REDIS_LOG_SIZE: '1e3x' }), /REDIS_LOG_SIZE/);
  });
});
