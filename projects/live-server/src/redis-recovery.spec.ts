import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { WebSocket } from 'ws';
import { freePort, hasRedisServer, startRedis, startServerProcess, stopProcess, type ServerProcess } from './testing/child-processes';
import { call } from './testing/test-http';
import { TestWsClient } from './testing/test-ws-client';
import { waitUntil } from './testing/wait-until';

/** The HTTP status a WebSocket upgrade to `/ws` is refused with (101 when accepted). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('open', () => {
      socket.terminate();
      resolve(101);
    });
    socket.once('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
  });
}

const REDIS_MISSING = 'redis-server is not installed, so Redis recovery cannot be tested. Install it with `apt-get install -y redis-server` (CI does).';
const NODE_ENV = { REDIS_LOG_SIZE: '120', REDIS_SNAPSHOT_EVERY: '40', REDIS_CHECK_INTERVAL_MS: '100', REDIS_SUBMIT_TIMEOUT_MS: '600' };

describe('Redis mode: falling behind, joining after a trim, Redis restarts (real redis-server with AOF, two processes)', () => {
  const aofDir = mkdtempSync(join(tmpdir(), 'live-server-redis-'));
  const servers: ServerProcess[] = [];
  const clients: TestWsClient[] = [];
  let redis: ChildProcess;
  let redisPort = 0;
  let redisUrl = '';
  let a: ServerProcess;
  let b: ServerProcess;

  const startNode = async () => {
    const server = await startServerProcess({ REDIS_URL: redisUrl, ...NODE_ENV });
    servers.push(server);
    return server;
  };
  const health = async (server: ServerProcess) => call(server.url, 'GET', '/api/health');
  const restocks = async (server: ServerProcess, count: number) => {
    for (let i = 0; i < count; i += 20) {
      const batch = Array.from({ length: Math.min(20, count - i) }, () => call(server.url, 'POST', '/api/products/p-2/restock', { body: { variantId: 'p-2-v1', quantity: 1 } }));
      for (const answer of await Promise.all(batch)) assert.equal(answer.status, 200, JSON.stringify(answer.body));
    }
  };
  const sameData = async (x: ServerProcess, y: ServerProcess) => {
    await waitUntil(
      async () => ((await health(x)).body.seq === (await health(y)).body.seq ? true : undefined),
      () => 'both processes at the same seq',
      10_000,
    );
    const [first, second] = await Promise.all([x, y].map((server) => call(server.url, 'GET', '/api/products?pageSize=100')));
    assert.deepEqual(second.body, first.body, 'both processes serve the same products, versions and position');
  };
  const killRedisSubscriber = async (server: ServerProcess) => {
    const admin = createClient({ url: redisUrl });
    await admin.connect();
    const line = (await admin.clientList()).find((client) => client.name === `ngx-cache-hub-live-${server.child.pid}-subscriber`);
    assert.ok(line, 'the subscriber connection of the paused process');
    await admin.clientKill({ filter: 'ID', id: Number(line.id) } as never);
    await admin.close();
  };

  before(async () => {
    assert.ok(hasRedisServer(), REDIS_MISSING);
    redisPort = await freePort();
    redis = await startRedis(redisPort, aofDir);
    redisUrl = `redis://127.0.0.1:${redisPort}`;
    [a, b] = await Promise.all([startNode(), startNode()]);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  after(async () => {
    for (const server of servers) await stopProcess(server.child);
    await stopProcess(redis);
    rmSync(aofDir, { recursive: true, force: true });
  });

  it('a process paused past the log and cut off catches up from the Redis snapshot, and its clients resume', async () => {
    await restocks(a, 10);
    await sameData(a, b);
    const client = await TestWsClient.connect(b.url);
    clients.push(client);
    await client.subscribed('products');
    const lastSeen = (await health(b)).body.seq;
    b.child.kill('SIGSTOP');
    try {
      await killRedisSubscriber(b);
      await restocks(a, 200);
    } finally {
      b.child.kill('SIGCONT');
    }
    await waitUntil(
      () => (b.output().includes('caught up from the Redis snapshot') ? true : undefined),
      () => `B to catch up; output:\n${b.output()}`,
      10_000,
    );
    assert.equal(await client.waitForClose(5000), 1012, 'its stream clients are asked to resume');
    await sameData(a, b);
    assert.equal((await health(b)).body.ready, true);

    const resumed = await TestWsClient.connect(b.url);
    clients.push(resumed);
    resumed.subscribe('products', { epoch: (await health(b)).body.epoch, seq: lastSeen });
    await resumed.waitFor((frame) => frame.type === 'SUBSCRIBED' || frame.type === 'RESYNC_REQUIRED', 'the answer to the resume');
    const [onA, onB] = await Promise.all([a, b].map((server) => call(server.url, 'GET', `/api/events?since=${lastSeen}&types=products`)));
    assert.deepEqual(onB.body, onA.body, 'both processes hold the same history');
  });

  it('a process killed and restarted after the log was trimmed joins from the Redis snapshot', async () => {
    b.child.kill('SIGKILL');
    await stopProcess(b.child);
    await restocks(a, 150);
    b = await startNode();
    await sameData(a, b);
  });

  it('after a Redis restart with AOF nothing is lost; while Redis is down health says not ready and writes get 503 at once', async () => {
    const before = (await health(a)).body;
    await stopProcess(redis);
    for (const server of [a, b])
      await waitUntil(
        async () => ((await health(server)).status === 503 ? true : undefined),
        () => 'both to report Redis down',
      );
    const down = await health(a);
    assert.deepEqual([down.body.ready, down.body.serving], [false, true]);
    const started = Date.now();
    const refused = await call(a.url, 'POST', '/api/products/p-2/restock', { body: { variantId: 'p-2-v1', quantity: 1 } });
    assert.equal(refused.status, 503);
    assert.match(refused.body.error, /outcome of this change is unknown.*not applied.*same Idempotency-Key/);
    assert.ok(Date.now() - started < 500, 'refused at once, not after the submit timeout');
    redis = await startRedis(redisPort, aofDir);
    await waitUntil(
      async () => ((await health(a)).status === 200 && (await health(b)).status === 200 ? true : undefined),
      () => 'both ready again',
      10_000,
    );
    assert.deepEqual([(await health(a)).body.epoch, (await health(a)).body.seq], [before.epoch, before.seq]);
    await restocks(b, 5);
    await sameData(a, b);
  });

  it('a write whose command does not come back in time gets 503 "outcome unknown", and a retry with its key is answered from the key', async () => {
    const stock = async () => (await call(a.url, 'GET', '/api/products/p-3')).body.variants[0].stock;
    const initial = await stock();
    redis.kill('SIGSTOP');
    let late;
    try {
      late = await call(a.url, 'POST', '/api/products/p-3/restock', { body: { variantId: 'p-3-v1', quantity: 1 }, headers: { 'Idempotency-Key': 'slow-redis' } });
      await waitUntil(
        async () => ((await health(a)).status === 503 ? true : undefined),
        () => 'A to report that Redis does not answer',
      );
    } finally {
      redis.kill('SIGCONT');
    }
    assert.equal(late.status, 503);
    assert.match(late.body.error, /outcome of this change is unknown.*may still be applied.*same Idempotency-Key/);
    await waitUntil(
      async () => ((await health(a)).status === 200 ? true : undefined),
      () => 'A ready again',
    );
    for (let retry = 0; retry < 2; retry++) {
      const retried = await call(a.url, 'POST', '/api/products/p-3/restock', { body: { variantId: 'p-3-v1', quantity: 1 }, headers: { 'Idempotency-Key': 'slow-redis' } });
      assert.equal(retried.headers.get('idempotent-replayed'), 'true', 'the command was applied after all');
      assert.equal(await stock(), initial + 1, 'once');
    }
  });

  it('Redis that comes back empty stops every process (503, not ready) instead of drifting; a new process starts a new epoch', async () => {
    const oldEpoch = (await health(a)).body.epoch;
    await stopProcess(redis);
    rmSync(aofDir, { recursive: true, force: true });
    redis = await startRedis(redisPort);
    for (const server of [a, b]) {
      // While Redis restarts, a process may first stop for "unreachable"; wait for the stop for good.
      await waitUntil(
        async () => {
          const { body } = await health(server);
          return body.serving === false && /Redis lost the shared state/.test(String(body.reason)) ? true : undefined;
        },
        () => 'the process to stop serving because Redis lost the shared state',
        10_000,
      );
      const stopped = await health(server);
      assert.equal(stopped.status, 503);
      assert.match(stopped.body.reason, /Redis lost the shared state/);
      const write = await call(server.url, 'POST', '/api/products/p-2/restock', { body: { variantId: 'p-2-v1', quantity: 1 } });
      assert.equal(write.status, 503);
      assert.match(write.body.error, /Redis lost the shared state/);
      assert.equal((await call(server.url, 'GET', '/api/products')).status, 503, 'reads are refused too: the data may differ from the truth');
      assert.equal((await fetch(`${server.url}/sse`)).status, 503, 'so are streams');
      assert.equal(await upgradeStatus(server.url), 503);
    }
    const fresh = await startNode();
    const freshHealth = await health(fresh);
    assert.equal(freshHealth.status, 200);
    assert.notEqual(freshHealth.body.epoch, oldEpoch);
  });
});
