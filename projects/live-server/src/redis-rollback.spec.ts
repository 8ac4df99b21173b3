import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { freePort, hasRedisServer, startRedis, startServerProcess, stopProcess, type ServerProcess } from './testing/child-processes';
import { call } from './testing/test-http';
import { waitUntil } from './testing/wait-until';

const NODE_ENV = { REDIS_LOG_SIZE: '500', REDIS_SNAPSHOT_EVERY: '40', REDIS_CHECK_INTERVAL_MS: '100', REDIS_SUBMIT_TIMEOUT_MS: '600' };

describe('Redis mode: a rollback (restart from an older dump) and a paused process (real redis-server, RDB only)', () => {
  const rdbDir = mkdtempSync(join(tmpdir(), 'live-server-rdb-'));
  const servers: ServerProcess[] = [];
  let redis: ChildProcess;
  let redisPort = 0;
  let redisUrl = '';

  const startNode = async (prefix: string) => {
    const server = await startServerProcess({ REDIS_URL: redisUrl, REDIS_PREFIX: prefix, ...NODE_ENV });
    servers.push(server);
    return server;
  };
  const health = (server: ServerProcess) => call(server.url, 'GET', '/api/health');
  const rename = async (server: ServerProcess, name: string) => assert.equal((await call(server.url, 'PATCH', '/api/products/p-2', { body: { name } })).status, 200);
  const save = async () => {
    const admin = createClient({ url: redisUrl });
    admin.on('error', () => undefined);
    await admin.connect();
    try {
      await admin.sendCommand(['SAVE']);
    } finally {
      await admin.close();
    }
  };
  /** Kills Redis (no AOF) and restarts it from the last SAVE: everything after it is gone. */
  const rollBackRedis = async () => {
    redis.kill('SIGKILL');
    await stopProcess(redis);
    redis = await startRedis(redisPort, undefined, rdbDir);
  };
  /** Waits until the process stopped serving for good (not merely paused or waiting for Redis), and returns why. */
  const stopped = (server: ServerProcess) =>
    waitUntil(
      async () => {
        const { body } = await health(server);
        return body.serving === false && /rolled back|epoch/.test(body.reason) ? (body.reason as string) : undefined;
      },
      () => `the process to stop serving; output:\n${server.output()}`,
      10_000,
    );
  const sameData = async (x: ServerProcess, y: ServerProcess) => {
    await waitUntil(
      async () => ((await health(x)).body.seq === (await health(y)).body.seq ? true : undefined),
      () => 'both at the same seq',
      10_000,
    );
    const [first, second] = await Promise.all([x, y].map((server) => call(server.url, 'GET', '/api/products?pageSize=100')));
    assert.deepEqual(second.body, first.body);
  };

  before(async () => {
    assert.ok(hasRedisServer(), 'redis-server is not installed (CI installs it)');
    redisPort = await freePort();
    redis = await startRedis(redisPort, undefined, rdbDir);
    redisUrl = `redis://127.0.0.1:${redisPort}`;
  });
  after(async () => {
    for (const server of servers) await stopProcess(server.child);
    await stopProcess(redis);
    rmSync(rdbDir, { recursive: true, force: true });
  });

  // One flow, to start few processes (each start costs seconds on a small CI machine).
  let a: ServerProcess;
  let b: ServerProcess;
  let c: ServerProcess;

  it('a process resumed after SIGSTOP neither reports ready nor serves stale data before it checked the counter', async () => {
    [a, b] = await Promise.all([startNode('p'), startNode('p')]);
    await rename(a, 'before the pause');
    await sameData(a, b);
    b.child.kill('SIGSTOP');
    try {
      for (let i = 0; i < 30; i++) await rename(a, `while paused ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 1300));
    } finally {
      b.child.kill('SIGCONT');
    }
    const head = (await health(a)).body.seq;
    // Every answer B gives from now on is either a refusal or current.
    for (let i = 0; i < 10; i++) {
      const [h, product] = await Promise.all([health(b), call(b.url, 'GET', '/api/products/p-2')]);
      if (h.status === 200) assert.ok(h.body.seq >= head, `health 200 at seq ${h.body.seq}, the counter is at ${head}`);
      if (product.status === 200) assert.equal(product.body.name, 'while paused 29', 'no stale read');
    }
    await sameData(a, b);
  });

  it('a rollback while a process was paused, then other commands numbered past it: the paused process notices, nobody serves diverged data', async () => {
    await save();
    for (let i = 0; i < 5; i++) await rename(a, `acked then rolled back ${i}`);
    await sameData(a, b);
    const epoch = (await health(b)).body.epoch;
    b.child.kill('SIGSTOP');
    try {
      a.child.kill('SIGKILL');
      await stopProcess(a.child);
      await rollBackRedis();
      c = await startNode('p'); // knows nothing of the lost commands: adopts the rolled-back epoch
      for (let i = 0; i < 20; i++) await rename(c, `after the rollback ${i}`);
    } finally {
      b.child.kill('SIGCONT');
    }
    assert.match(await stopped(b), /does not follow the commands this process applied.*Redis rolled back/);
    await stopped(c);
    await Promise.all([stopProcess(b.child), stopProcess(c.child)]);
    [b, c] = await Promise.all([startNode('p'), startNode('p')]);
    await sameData(b, c);
    assert.notEqual((await health(b)).body.epoch, epoch, 'a new epoch: clients of the old one resync');
    assert.equal((await call(b.url, 'GET', '/api/products/p-2')).body.name, 'after the rollback 19', 'the state Redis holds');
  });

  it('a rollback seen by running processes (counter behind) sets one new epoch for all; a process started later does not reuse the old one', async () => {
    await save();
    const epoch = (await health(b)).body.epoch;
    for (let i = 0; i < 5; i++) await rename(b, `lost ${i}`);
    await sameData(b, c);
    await rollBackRedis();
    const reasons = await Promise.all([b, c].map(stopped));
    assert.match(reasons.join('\n'), /is behind this process.*set the new epoch/);
    a = await startNode('p');
    const fresh = (await health(a)).body;
    assert.equal(fresh.status ?? 200, 200);
    assert.notEqual(fresh.epoch, epoch);
    assert.equal((await call(a.url, 'GET', '/api/products/p-2')).body.name, 'after the rollback 19');
  });
});
