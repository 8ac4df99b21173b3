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
  });

  it('reads PORT, SIM_RATE, REDIS_URL and HISTORY_SIZE', () => {
    const options = readEnvOptions({ PORT: '0', SIM_RATE: '0.5', REDIS_URL: 'redis://127.0.0.1:6399', HISTORY_SIZE: '50' });
    assert.deepEqual([options.port, options.simRate, options.redisUrl, options.historySize], [0, 0.5, 'redis://127.0.0.1:6399', 50]);
  });

  it('refuses malformed values with the variable name', () => {
    assert.throws(() => readEnvOptions({ PORT: 'http' }), /PORT/);
    assert.throws(() => readEnvOptions({ HISTORY_SIZE: '0' }), /HISTORY_SIZE/);
    assert.throws(() => readEnvOptions({ SIM_RATE: '-3' }), /SIM_RATE/);
  });
});
