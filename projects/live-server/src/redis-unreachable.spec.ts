import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { freePort, hasRedisServer, startRedis, startServerProcess, stopProcess } from './testing/child-processes';
import { call } from './testing/test-http';
import { waitUntil } from './testing/wait-until';

interface RedisProxy {
  port: number;
  cut: () => Promise<void>;
  /** Listens again; requests that mention `slow` (if given) are held for `slowMs` before they go on to Redis. */
  restore: (slow?: { text: string; slowMs: number }) => Promise<void>;
  close: () => Promise<void>;
}

/** A TCP proxy to Redis that can be cut (connections reset, new ones refused) and restored. */
async function redisProxy(target: number): Promise<RedisProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const listen = (slow?: { text: string; slowMs: number }) =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection(target, '127.0.0.1');
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => undefined);
          socket.on('close', () => (sockets.delete(socket), client.destroy(), upstream.destroy()));
        }
        upstream.pipe(client);
        // Requests keep their order: one held request holds the ones behind it.
        let forwarded = Promise.resolve();
        client.on('data', (chunk: Buffer) => {
          const hold = slow && chunk.includes(slow.text) ? slow.slowMs : 0;
          if (hold) slow = undefined;
          forwarded = forwarded.then(() => new Promise<void>((done) => setTimeout(done, hold))).then(() => void upstream.write(chunk));
        });
      }).listen(port, '127.0.0.1', () => resolve());
    });
  const cut = async () => {
    const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
    for (const socket of sockets) socket.resetAndDestroy();
    await closed;
  };
  await listen();
  return { port, cut, restore: listen, close: cut };
}

describe('Redis mode: a process cut off from Redis never serves stale reads as current', () => {
  const processes: ChildProcess[] = [];
  after(async () => {
    for (const child of processes) await stopProcess(child);
  });
  /** Redis, a cuttable proxy to it, process A through the proxy and B direct, both checking every 200 ms. */
  const twoProcesses = async () => {
    const redisPort = await freePort();
    processes.push(await startRedis(redisPort));
    const proxy = await redisProxy(redisPort);
    const check = { REDIS_CHECK_INTERVAL_MS: '200' };
    const a = await startServerProcess({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, ...check });
    const b = await startServerProcess({ REDIS_URL: `redis://127.0.0.1:${redisPort}`, ...check });
    processes.unshift(a.child, b.child);
    return { proxy, a, b };
  };

  it('answers 503 serving:false once its staleness window has passed while Redis is unreachable, and serves current data again once it is back', async () => {
    assert.ok(hasRedisServer(), 'redis-server is not installed (apt-get install -y redis-server)');
    const { proxy, a, b } = await twoProcesses();
    try {
      assert.equal((await call(b.url, 'PATCH', '/api/products/p-1', { body: { name: 'before' } })).status, 200);
      await waitUntil(
        async () => ((await call(a.url, 'GET', '/api/products/p-1')).body?.name === 'before' ? true : undefined),
        () => 'A has the first rename',
      );
      await proxy.cut();
      const cutAt = Date.now();
      for (let i = 0; i < 10; i++) assert.equal((await call(b.url, 'PATCH', '/api/products/p-1', { body: { name: `outage-${i}` } })).status, 200);
      // Within the window (2 check intervals, at least 1 s) A may still answer; after it, never stale 200.
      const health = await waitUntil(
        async () => {
          const answer = await call(a.url, 'GET', '/api/health');
          return answer.body.serving === false ? answer : undefined;
        },
        () => 'A reports serving:false',
      );
      assert.ok(Date.now() - cutAt < 2500, 'within a bounded time');
      assert.equal(health.status, 503);
      assert.match(health.body.reason, /Redis is unreachable and this process last confirmed it is current \d+ ms ago/);
      for (let i = 0; i < 5; i++) {
        const read = await call(a.url, 'GET', '/api/products/p-1');
        assert.equal(read.status, 503, `read ${i} during the outage: ${JSON.stringify(read.body)}`);
      }
      await proxy.restore();
      const current = await waitUntil(
        async () => {
          const read = await call(a.url, 'GET', '/api/products/p-1');
          return read.status === 200 ? read : undefined;
        },
        () => 'A serves again',
        5000,
      );
      assert.equal(current.body.name, 'outage-9', 'the first answer after the outage is current');
    } finally {
      await proxy.close();
    }
  });

  it('after a short cut, does not serve stale reads past the window while it reconnects and has not checked yet', async () => {
    const { proxy, a, b } = await twoProcesses();
    try {
      for (let round = 0; round < 3; round++) {
        assert.equal((await call(b.url, 'PATCH', '/api/products/p-1', { body: { name: `before-${round}` } })).status, 200);
        await waitUntil(
          async () => ((await call(a.url, 'GET', '/api/products/p-1')).body?.name === `before-${round}` ? true : undefined),
          () => `A has rename ${round}`,
        );
        // Step 1: cut A off; B's write is published while A's subscriber is gone, so A never receives it.
        await proxy.cut();
        const cutAt = Date.now();
        assert.equal((await call(b.url, 'PATCH', '/api/products/p-1', { body: { name: `during-${round}` } })).status, 200);
        // Step 2: restore at once, so A reconnects well inside the wider window of a connected process, and hold
        // A's check (it reads the command counter) for 1 s: until it answers, A cannot know it missed a command.
        await proxy.restore({ text: 'command-seq', slowMs: 1000 });
        // Step 3: past the cut-off window (one interval, at least 500 ms, from a confirmation before the cut), A answers current data or 503.
        const until = Date.now() + 2000;
        while (Date.now() < until) {
          const sentAt = Date.now();
          const read = await call(a.url, 'GET', '/api/products/p-1');
          if (sentAt - cutAt > 700 && read.status === 200) assert.equal(read.body.name, `during-${round}`, `read ${sentAt - cutAt} ms after the cut`);
        }
      }
    } finally {
      await proxy.close();
    }
  });
});
