import { strict as assert } from 'node:assert';
import { after, afterEach, before, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';
import { TestWsClient } from '../testing/test-ws-client';
import { settle } from '../testing/wait-until';

describe('WebSocket stream', () => {
  let server: LiveServer;
  const clients: TestWsClient[] = [];
  const connect = async (token?: string, options?: { autoPong?: boolean; protocols?: string[] }) => {
    const client = await TestWsClient.connect(server.url, token, options);
    clients.push(client);
    return client;
  };
  const purchase = (productId: string, quantity = 1) => call(server.url, 'POST', `/api/products/${productId}/purchase`, { body: { variantId: `${productId}-v1`, quantity } });
  const newOrder = (token: string) => call(server.url, 'POST', '/api/orders', { token, body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] } });

  before(async () => {
    server = await createLiveServer({ port: 0, historySize: 20, maxConnectionsPerUser: 2, pingIntervalMs: 200 });
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });
  after(() => server.close());

  it('sends live events of the subscribed type only, with increasing seq', async () => {
    const client = await connect();
    await client.subscribed('products');
    await call(server.url, 'PATCH', '/api/customers/c-3', { body: { name: 'Not Streamed' } });
    await purchase('p-1');
    const frame = await client.waitFor((f) => f.type === 'ENTITY_UPDATED', 'a product update');
    assert.equal(frame.data?.entityType, 'products');
    assert.equal(frame.data?.entityId, 'p-1');
    assert.equal(frame.data?.version, server.store.products.get('p-1')!.version);
    assert.equal(frame.seq, server.hub.latestSeq);
    assert.equal(client.events.filter((f) => f.data?.entityType === 'customers').length, 0);
  });

  it('stops sending a type after UNSUBSCRIBE', async () => {
    const client = await connect();
    client.subscribe('products');
    client.subscribe('customers');
    client.send({ type: 'UNSUBSCRIBE', entityType: 'products' });
    await client.processed();
    await purchase('p-3');
    await call(server.url, 'PATCH', '/api/customers/c-4', { body: { name: 'Still Streamed' } });
    await client.waitFor((f) => f.data?.entityType === 'customers', 'the customer update');
    assert.equal(client.events.filter((f) => f.data?.entityType === 'products').length, 0);
  });

  it('replays the retained events after since before live ones', async () => {
    const since = server.hub.latestSeq;
    await purchase('p-4');
    await purchase('p-5');
    const client = await connect();
    const epoch = server.hub.epoch;
    client.subscribe('products', { epoch, seq: since });
    await client.waitFor((f) => f.type === 'SUBSCRIBED', 'SUBSCRIBED');
    await purchase('p-6');
    await client.waitFor((f) => f.seq === since + 3, 'the live event');
    assert.deepEqual(
      client.frames.filter((f) => f.type !== 'PING').map((f) => [f.type, f.epoch, f.seq]),
      [
        ['ENTITY_UPDATED', epoch, since + 1],
        ['ENTITY_UPDATED', epoch, since + 2],
        ['SUBSCRIBED', epoch, since + 2],
        ['ENTITY_UPDATED', epoch, since + 3],
      ],
    );
    assert.deepEqual(
      client.events.map((f) => f.data?.entityId),
      ['p-4', 'p-5', 'p-6'],
    );
  });

  it('answers a SUBSCRIBE without since with SUBSCRIBED at the head, and a numeric since as a seq of this epoch', async () => {
    const client = await connect();
    await client.subscribed('customers');
    await client.subscribed('products', server.hub.latestSeq);
    const { epoch, seq } = server.hub.position;
    assert.deepEqual(
      client.frames.filter((f) => f.type !== 'PING'),
      [
        { type: 'SUBSCRIBED', epoch, seq, data: { entityType: 'customers' } },
        { type: 'SUBSCRIBED', epoch, seq, data: { entityType: 'products' } },
      ],
    );
  });

  it('sends RESYNC_REQUIRED when since is older than the retained history', async () => {
    const since = server.hub.latestSeq;
    for (let i = 0; i < 25; i++) await call(server.url, 'POST', '/api/products/p-7/restock', { body: { variantId: 'p-7-v1', quantity: 1 } });
    const client = await connect();
    client.subscribe('products', { epoch: server.hub.epoch, seq: since });
    const resync = await client.waitFor((f) => f.type === 'RESYNC_REQUIRED', 'RESYNC_REQUIRED');
    assert.deepEqual(resync, { type: 'RESYNC_REQUIRED', epoch: server.hub.epoch, seq: server.hub.latestSeq, data: { entityType: 'products' } });
    assert.equal(client.frames.filter((f) => f.type === 'SUBSCRIBED').length, 0, 'no SUBSCRIBED follows a RESYNC_REQUIRED');
    assert.equal(client.events.length, 0, 'nothing is replayed');
    await purchase('p-8');
    await client.waitFor((f) => f.data?.entityId === 'p-8', 'the next live event');
  });

  it('sends RESYNC_REQUIRED when since is beyond the head', async () => {
    const client = await connect();
    client.subscribe('orders', { epoch: server.hub.epoch, seq: server.hub.latestSeq + 1 });
    await client.waitFor((f) => f.type === 'RESYNC_REQUIRED' && f.data?.entityType === 'orders', 'RESYNC_REQUIRED for orders');
  });

  it('sends RESYNC_REQUIRED when since is from another epoch, even at a seq this epoch has', async () => {
    await purchase('p-9');
    const client = await connect();
    client.subscribe('products', { epoch: 'elsewher', seq: server.hub.latestSeq - 1 });
    const resync = await client.waitFor((f) => f.type === 'RESYNC_REQUIRED', 'RESYNC_REQUIRED');
    assert.equal(resync.epoch, server.hub.epoch);
    assert.equal(client.events.length, 0, 'nothing is replayed');
  });

  it("never sends alice's order events to bob or to anonymous clients", async () => {
    const alice = await connect('demo-alice');
    const bob = await connect('demo-bob');
    const anonymous = await connect();
    for (const client of [alice, bob, anonymous]) await client.subscribed('orders');
    const start = server.hub.latestSeq;
    const aliceOrder = (await newOrder('demo-alice')).body;
    await call(server.url, 'POST', `/api/orders/${aliceOrder.id}/status`, { token: 'demo-alice', body: { status: 'confirmed' } });
    const bobOrder = (await newOrder('demo-bob')).body;
    await alice.waitFor((f) => f.type === 'ENTITY_UPDATED' && f.data?.entityId === aliceOrder.id, "alice's status change");
    await bob.waitFor((f) => f.type === 'ENTITY_CREATED', "bob's own order");
    await settle(50);
    const ids = (client: TestWsClient) => client.events.map((f) => (f.type === 'ENTITY_CREATED' ? (f.data?.['entity'] as { id: string }).id : f.data?.entityId));
    assert.deepEqual(ids(alice), [aliceOrder.id, aliceOrder.id]);
    assert.deepEqual(ids(bob), [bobOrder.id]);
    assert.deepEqual(ids(anonymous), []);

    const bobReplay = await connect('demo-bob');
    await bobReplay.subscribed('orders', start);
    assert.deepEqual(ids(bobReplay), [bobOrder.id], 'the replay holds only his own order');
  });

  it('takes the token from a bearer.<token> sub-protocol and answers with ngx-cache-hub', async () => {
    const bob = await connect(undefined, { protocols: ['ngx-cache-hub', 'bearer.demo-bob'] });
    assert.equal(bob.socket.protocol, 'ngx-cache-hub');
    await bob.subscribed('orders');
    const order = (await newOrder('demo-bob')).body;
    await bob.waitFor((f) => f.type === 'ENTITY_CREATED' && (f.data?.['entity'] as { id: string }).id === order.id, "bob's own order");
    assert.equal(await TestWsClient.refusedStatus(server.url, '', ['ngx-cache-hub', 'bearer.demo-mallory']), 401);
  });

  it('refuses a bad token with 401 and an unknown path with 404', async () => {
    assert.equal(await TestWsClient.refusedStatus(server.url, '?token=demo-mallory'), 401);
    const other = await new Promise<number>((resolve) => {
      void import('ws').then(({ WebSocket }) => {
        const socket = new WebSocket(`${server.url.replace('http', 'ws')}/elsewhere`);
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('error', () => undefined);
      });
    });
    assert.equal(other, 404);
  });

  it('refuses connections above the per-user limit with 429 and frees the slot on close', async () => {
    const first = await connect('demo-bob');
    await connect('demo-bob');
    assert.equal(await TestWsClient.refusedStatus(server.url, '?token=demo-bob'), 429);
    const sse = await fetch(`${server.url}/sse?token=demo-bob`);
    assert.equal(sse.status, 429, 'SSE connections count toward the same limit');
    await connect('demo-alice');
    first.close();
    await first.waitForClose();
    await settle(50);
    await connect('demo-bob');
  });

  it('answers malformed frames with ERROR and keeps the connection and the server up', async () => {
    const client = await connect();
    for (const bad of [
      '{not json',
      '"text"',
      JSON.stringify({ type: 'HELLO' }),
      JSON.stringify({ type: 'SUBSCRIBE', entityType: 'users' }),
      JSON.stringify({ type: 'SUBSCRIBE', entityType: 'products', since: -4 }),
    ]) {
      client.send(bad);
    }
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.waitFor(() => client.frames.filter((f) => f.type === 'ERROR').length === 6, 'six ERROR frames');
    for (const frame of client.frames.filter((f) => f.type === 'ERROR')) assert.equal(typeof frame.data?.['message'], 'string');
    await client.subscribed('products');
    await purchase('p-10');
    await client.waitFor((f) => f.data?.entityId === 'p-10', 'an event after the bad frames');
    assert.equal((await call(server.url, 'GET', '/api/health')).body.ok, true);
  });

  it('closes the socket with 1009 on a frame over 64 KiB, and the server stays up', async () => {
    const client = await connect();
    client.send(JSON.stringify({ type: 'SUBSCRIBE', entityType: 'products', padding: 'x'.repeat(65 * 1024) }));
    assert.equal(await client.waitForClose(), 1009);
    const next = await connect();
    await next.subscribed('products');
    await purchase('p-11');
    await next.waitFor((f) => f.data?.entityId === 'p-11', 'an event on a new connection');
  });

  it('sends PING frames with the head and keeps clients that answer', async () => {
    const client = await connect();
    await client.subscribed('products');
    await purchase('p-12');
    const event = await client.waitFor((f) => f.data?.entityId === 'p-12', 'the event');
    // A PING carries the head when it is sent: the first one after the event is at least the event's seq.
    const ping = await client.waitFor((f) => f.type === 'PING' && client.frames.indexOf(f) > client.frames.indexOf(event), 'a PING after the event', 2000);
    assert.equal(ping.epoch, server.hub.epoch);
    assert.ok(ping.seq! >= event.seq! && ping.seq! <= server.hub.latestSeq, `PING seq ${ping.seq} is the head when sent (event ${event.seq}, head now ${server.hub.latestSeq})`);
    client.send({ type: 'PONG' });
    await settle(450);
    assert.equal(client.closeCode, undefined);
    assert.equal(client.frames.filter((f) => f.type === 'ERROR').length, 0);
  });

  it('drops a connection that answers neither PING frames nor protocol pings', async () => {
    const silent = await connect(undefined, { autoPong: false });
    const code = await silent.waitForClose(2000);
    assert.equal(code, 1006, 'terminated without a close frame');
  });
});
