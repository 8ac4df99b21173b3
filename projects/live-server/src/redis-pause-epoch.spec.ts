import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { createClient } from 'redis';
import { redisKeys } from './redis-shared-state';
import { freePort, hasRedisServer, startRedis, startServerProcess, stopProcess, type ServerProcess } from './testing/child-processes';
import { call } from './testing/test-http';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A process paused (SIGSTOP) across a FLUSHALL and a new epoch whose counter caught up with it never answers its lost state as current. */
describe('Redis mode: a process resumed from SIGSTOP compares the epoch in Redis before it serves', () => {
  const processes: ChildProcess[] = [];
  after(async () => {
    for (const child of processes) await stopProcess(child);
  });

  it('reads queued during the pause and sent after SIGCONT get 503, never the lost state, when Redis was flushed and a new epoch reached the same counter', async () => {
    assert.ok(hasRedisServer(), 'redis-server is not installed (apt-get install -y redis-server)');
    const redisPort = await freePort();
    processes.push(await startRedis(redisPort));
    const url = `redis://127.0.0.1:${redisPort}`;
    const a: ServerProcess = await startServerProcess({ REDIS_URL: url });
    processes.push(a.child);
    for (let i = 0; i < 10; i++) assert.equal((await call(a.url, 'PATCH', '/api/products/p-1', { body: { name: `old-${i}` } })).status, 200);
    const seq = (await call(a.url, 'GET', '/api/health')).body.seq;
    // Within the one-interval window after a check (1 s by default), so only noticing the pause can refuse.
    await sleep(50);
    a.child.kill('SIGSTOP');
    const queued: Promise<{ status: number; body: any }>[] = [];
    try {
      const admin = createClient({ url });
      await admin.connect();
      const keys = redisKeys('ngx-cache-hub:live');
      await admin.flushAll();
      // What a new process would leave: another epoch and a counter that caught up with A's.
      await admin.set(keys.epoch, 'neweptst');
      await admin.set(keys.seq, String(seq));
      await admin.close();
      for (let i = 0; i < 5; i++) queued.push(call(a.url, 'GET', '/api/products/p-1'));
      await sleep(600);
    } finally {
      a.child.kill('SIGCONT');
    }
    const answers = await Promise.all(queued);
    for (let i = 0; i < 20; i++) {
      answers.push(await call(a.url, 'GET', '/api/products/p-1'));
      await sleep(20);
    }
    const stale = answers.filter((answer) => answer.status === 200);
    assert.deepEqual(
      stale.map((answer) => answer.body.name),
      [],
      'no read of the lost state is answered 200',
    );
    const health = await call(a.url, 'GET', '/api/health');
    assert.equal(health.status, 503);
    assert.match(health.body.reason, /Redis lost the shared state/);
  });
});
