import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { freePort, hasRedisServer, startRedis, startServerProcess, stopProcess } from './testing/child-processes';
import { call } from './testing/test-http';
import { TestWsClient } from './testing/test-ws-client';
import { waitUntil } from './testing/wait-until';

const REDIS_MISSING = 'redis-server is not installed, so the multi-process fan-out cannot be tested. Install it with `apt-get install -y redis-server` (CI does).';

describe('Redis fan-out across two server processes', () => {
  const processes: ChildProcess[] = [];
  const clients: TestWsClient[] = [];
  let redisUrl = '';
  let urlA = '';
  let urlB = '';

  before(async () => {
    assert.ok(hasRedisServer(), REDIS_MISSING);
    const port = await freePort();
    processes.push(await startRedis(port));
    redisUrl = `redis://127.0.0.1:${port}`;
    const [a, b] = await Promise.all([startServerProcess({ REDIS_URL: redisUrl }), startServerProcess({ REDIS_URL: redisUrl })]);
    processes.unshift(a.child, b.child);
    urlA = a.url;
    urlB = b.url;
  });

  after(async () => {
    for (const client of clients) client.close();
    // Servers first, Redis last.
    for (const child of processes) await stopProcess(child);
  });

  const connect = async (url: string, token?: string) => {
    const client = await TestWsClient.connect(url, token);
    clients.push(client);
    for (const type of ['products', 'orders', 'customers']) client.subscribe(type);
    await client.processed();
    return client;
  };

  it('delivers every event to clients of both processes, in the same seq order, with the same state', async () => {
    const aliceOnA = await connect(urlA, 'demo-alice');
    const aliceOnB = await connect(urlB, 'demo-alice');
    const bobOnB = await connect(urlB, 'demo-bob');

    // Concurrent, conflicting changes through both processes, plus both simulators.
    await Promise.all([call(urlA, 'POST', '/api/sim', { body: { rate: 150 } }), call(urlB, 'POST', '/api/sim', { body: { rate: 150 } })]);
    const writes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10; i++) {
      const url = i % 2 === 0 ? urlA : urlB;
      writes.push(call(url, 'POST', '/api/products/p-1/restock', { body: { variantId: 'p-1-v1', quantity: 1 } }));
      writes.push(call(url, 'POST', '/api/products/p-1/purchase', { body: { variantId: 'p-1-v2', quantity: 1 } }));
      writes.push(call(url, 'POST', '/api/orders', { token: i % 4 < 2 ? 'demo-alice' : 'demo-bob', body: { items: [{ productId: 'p-3', variantId: 'p-3-v1', quantity: 1 }] } }));
      writes.push(call(url, 'PATCH', '/api/customers/c-3', { body: { name: `Customer rename ${i}` } }));
    }
    await Promise.all(writes);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all([call(urlA, 'POST', '/api/sim', { body: { rate: 0 } }), call(urlB, 'POST', '/api/sim', { body: { rate: 0 } })]);

    // Wait until both processes agree on a latest seq that no longer moves, then until every client has it.
    let finalSeq = -1;
    for (let stableRounds = 0, i = 0; stableRounds < 3 && i < 200; i++) {
      const [a, b] = await Promise.all([call(urlA, 'GET', '/api/events'), call(urlB, 'GET', '/api/events')]);
      stableRounds = a.body.seq === b.body.seq && a.body.seq === finalSeq ? stableRounds + 1 : 0;
      finalSeq = a.body.seq;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    assert.ok(finalSeq > 60, `expected plenty of events, got ${finalSeq}`);
    const lastVisibleTo = async (token: string) => (await call(urlA, 'GET', '/api/events?since=0', { token })).body.frames.at(-1).seq;
    const [aliceLast, bobLast] = [await lastVisibleTo('demo-alice'), await lastVisibleTo('demo-bob')];
    for (const [client, last] of [
      [aliceOnA, aliceLast],
      [aliceOnB, aliceLast],
      [bobOnB, bobLast],
    ] as const) {
      await waitUntil(
        () => (client.frames.at(-1)?.seq === last ? true : undefined),
        () => `a client to reach seq ${last}`,
        10_000,
      );
    }

    const seqs = (client: TestWsClient) => client.events.map((frame) => frame.seq!);
    const strictlyIncreasing = (list: number[]) => list.every((seq, index) => index === 0 || seq > list[index - 1]);
    assert.ok(strictlyIncreasing(seqs(aliceOnA)), 'process A delivers in seq order');
    assert.ok(strictlyIncreasing(seqs(aliceOnB)), 'process B delivers in seq order');
    assert.deepEqual(aliceOnB.events, aliceOnA.events, 'both processes send alice the very same frames');

    // Alice and bob together see every event exactly once: public ones twice, private ones once.
    const bobSeqs = seqs(bobOnB);
    assert.ok(strictlyIncreasing(bobSeqs));
    const union = new Set([...seqs(aliceOnA), ...bobSeqs]);
    assert.deepEqual(
      [...union].sort((x, y) => x - y),
      Array.from({ length: finalSeq }, (_, index) => index + 1),
      'no seq is missing',
    );
    const ownerOf = (frame: TestWsClient['frames'][number]) =>
      frame.data?.entityType !== 'orders' ? undefined : frame.type === 'ENTITY_CREATED' ? (frame.data['entity'] as { userId: string }).userId : 'order-update';
    assert.ok(
      aliceOnA.events.every((frame) => ownerOf(frame) !== 'bob'),
      'alice never sees a new order of bob',
    );
    assert.ok(
      bobOnB.events.every((frame) => ownerOf(frame) !== 'alice'),
      'bob never sees a new order of alice',
    );

    const [productsA, productsB] = await Promise.all([call(urlA, 'GET', '/api/products?pageSize=100'), call(urlB, 'GET', '/api/products?pageSize=100')]);
    assert.deepEqual(productsB.body, productsA.body, 'both stores hold the same products and versions');
    const [ordersA, ordersB] = await Promise.all([
      call(urlA, 'GET', '/api/orders?pageSize=100', { token: 'demo-alice' }),
      call(urlB, 'GET', '/api/orders?pageSize=100', { token: 'demo-alice' }),
    ]);
    assert.deepEqual(ordersB.body, ordersA.body);
  });

  it('lets a process that starts later catch up from the Redis command log', async () => {
    const late = await startServerProcess({ REDIS_URL: redisUrl });
    processes.unshift(late.child);
    const [early, caughtUp] = await Promise.all([call(urlA, 'GET', '/api/products?pageSize=100'), call(late.url, 'GET', '/api/products?pageSize=100')]);
    assert.deepEqual(caughtUp.body, early.body);
    const [seqA, seqLate] = await Promise.all([call(urlA, 'GET', '/api/events'), call(late.url, 'GET', '/api/events')]);
    assert.equal(seqLate.body.seq, seqA.body.seq);

    const client = await connect(late.url);
    await call(urlB, 'PATCH', '/api/customers/c-4', { body: { name: 'Seen everywhere' } });
    const frame = await client.waitFor((f) => f.data?.entityId === 'c-4', 'the change made on process B');
    assert.equal(frame.seq, seqA.body.seq + 1);
  });
});
