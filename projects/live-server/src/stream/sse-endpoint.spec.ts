import { strict as assert } from 'node:assert';
import { after, afterEach, before, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';
import { TestSseClient } from '../testing/test-sse-client';
import { settle, waitUntil } from '../testing/wait-until';

describe('SSE stream', () => {
  let server: LiveServer;
  const streams: TestSseClient[] = [];
  const open = async (path: string, headers?: Record<string, string>) => {
    const stream = await TestSseClient.open(server.url, path, headers);
    streams.push(stream);
    return stream;
  };
  const restock = (productId: string) =>
    call(server.url, 'POST', `/api/products/${productId}/restock`, { body: { variantId: `${productId}-v1`, quantity: 1 } });

  before(async () => {
    server = await createLiveServer({ port: 0, historySize: 10, pingIntervalMs: 150 });
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  after(() => server.close());

  it('streams events of the listed types as id + data frames', async () => {
    const stream = await open('/sse?types=products');
    assert.equal(stream.status, 200);
    await waitUntil(() => (server.hub.listenerCount > 0 ? true : undefined), () => 'the stream to be registered');
    await call(server.url, 'PATCH', '/api/customers/c-3', { body: { name: 'Not Streamed' } });
    await restock('p-1');
    const message = await stream.waitFor((m) => m.data.type === 'ENTITY_UPDATED', 'a product event');
    assert.equal(message.id, String(message.data.seq));
    assert.equal(message.data.data?.['entityId'], 'p-1');
    assert.equal(stream.messages.filter((m) => m.data.data?.['entityType'] === 'customers').length, 0);
  });

  it('resumes after Last-Event-ID, in seq order, then continues live', async () => {
    const lastSeen = server.hub.latestSeq;
    await restock('p-2');
    await call(server.url, 'PATCH', '/api/customers/c-5', { body: { name: 'Resumed Customer' } });
    await restock('p-3');
    const stream = await open('/sse?types=products,customers', { 'Last-Event-ID': String(lastSeen) });
    await stream.waitFor((m) => m.data.seq === lastSeen + 3, 'the replayed events');
    await restock('p-4');
    await stream.waitFor((m) => m.data.seq === lastSeen + 4, 'the live event');
    const ids = stream.messages.filter((m) => m.id !== undefined).map((m) => Number(m.id));
    assert.deepEqual(ids, [lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4]);
  });

  it('takes ?lastEventId= and ?token= for clients that cannot send headers', async () => {
    const lastSeen = server.hub.latestSeq;
    const order = await call(server.url, 'POST', '/api/orders', { token: 'demo-bob', body: { items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }] } });
    const stream = await open(`/sse?types=orders&token=demo-bob&lastEventId=${lastSeen}`);
    const created = await stream.waitFor((m) => m.data.type === 'ENTITY_CREATED', "bob's order");
    assert.equal((created.data.data?.['entity'] as { id: string }).id, order.body.id);
  });

  it('keeps order events private to their owner', async () => {
    const alice = await open('/sse?types=orders', { Authorization: 'Bearer demo-alice' });
    const bob = await open('/sse?types=orders', { Authorization: 'Bearer demo-bob' });
    const anonymous = await open('/sse?types=orders');
    await waitUntil(() => (server.hub.listenerCount >= 3 ? true : undefined), () => 'the three streams');
    await call(server.url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }] } });
    await alice.waitFor((m) => m.data.type === 'ENTITY_CREATED', "alice's order");
    await settle(50);
    assert.equal(bob.messages.filter((m) => m.id !== undefined).length, 0);
    assert.equal(anonymous.messages.filter((m) => m.id !== undefined).length, 0);
  });

  it('sends RESYNC_REQUIRED per type when Last-Event-ID is older than the history', async () => {
    const lastSeen = server.hub.latestSeq;
    for (let i = 0; i < 12; i++) await restock('p-5');
    const stream = await open('/sse?types=products,customers', { 'Last-Event-ID': String(lastSeen) });
    await stream.waitFor((m) => m.data.type === 'RESYNC_REQUIRED' && m.data.data?.['entityType'] === 'customers', 'both resyncs');
    const resyncs = stream.messages.filter((m) => m.data.type === 'RESYNC_REQUIRED');
    assert.deepEqual(resyncs.map((m) => [m.data.data?.['entityType'], Number(m.id)]), [
      ['products', server.hub.latestSeq],
      ['customers', server.hub.latestSeq],
    ]);
  });

  it('sends PING frames as heartbeat', async () => {
    const stream = await open('/sse?types=products');
    await stream.waitFor((m) => m.data.type === 'PING', 'a PING', 2000);
  });

  it('refuses bad tokens (401), unknown types and bad Last-Event-ID (400)', async () => {
    assert.equal((await fetch(`${server.url}/sse?token=demo-mallory`)).status, 401);
    const badType = await fetch(`${server.url}/sse?types=products,users`);
    assert.equal(badType.status, 400);
    assert.match(((await badType.json()) as { error: string }).error, /users/);
    assert.equal((await fetch(`${server.url}/sse`, { headers: { 'Last-Event-ID': 'yesterday' } })).status, 400);
    assert.equal((await fetch(`${server.url}/sse`, { method: 'POST' })).status, 405);
  });
});
