import { strict as assert } from 'node:assert';
import { after, afterEach, before, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';
import { sseStreams } from '../testing/test-sse-client';
import { settle, waitUntil } from '../testing/wait-until';

describe('SSE stream', () => {
  let server: LiveServer;
  const streams = sseStreams(() => server.url);
  const open = streams.open;
  const restock = (productId: string) => call(server.url, 'POST', `/api/products/${productId}/restock`, { body: { variantId: `${productId}-v1`, quantity: 1 } });

  before(async () => {
    server = await createLiveServer({ port: 0, historySize: 10, pingIntervalMs: 150 });
  });
  afterEach(() => {
    streams.closeAll();
  });
  after(() => server.close());

  it('streams events of the listed types as id + data frames', async () => {
    const stream = await open('/sse?types=products');
    assert.equal(stream.status, 200);
    await waitUntil(
      () => (server.hub.listenerCount > 0 ? true : undefined),
      () => 'the stream to be registered',
    );
    await call(server.url, 'PATCH', '/api/customers/c-3', { body: { name: 'Not Streamed' } });
    await restock('p-1');
    const message = await stream.waitFor((m) => m.data.type === 'ENTITY_UPDATED', 'a product event');
    assert.equal(message.id, `${server.hub.epoch}:${message.data.seq}`);
    assert.equal(message.data.epoch, server.hub.epoch);
    assert.equal(message.data.data?.['entityId'], 'p-1');
    assert.equal(stream.messages.filter((m) => m.data.data?.['entityType'] === 'customers').length, 0);
  });

  it('sends one SUBSCRIBED per type at the head on a fresh connection', async () => {
    await restock('p-2');
    const stream = await open('/sse?types=products,customers');
    await stream.waitFor((m) => m.data.type === 'SUBSCRIBED' && m.data.data?.['entityType'] === 'customers', 'both SUBSCRIBED');
    const { epoch, seq } = server.hub.position;
    assert.deepEqual(
      stream.messages.filter((m) => m.data.type !== 'PING').map((m) => [m.id, m.data]),
      [
        [`${epoch}:${seq}`, { type: 'SUBSCRIBED', epoch, seq, data: { entityType: 'products' } }],
        [`${epoch}:${seq}`, { type: 'SUBSCRIBED', epoch, seq, data: { entityType: 'customers' } }],
      ],
    );
  });

  it('resumes after Last-Event-ID <epoch>:<seq>: replay in seq order, SUBSCRIBED per type, then live events', async () => {
    const lastSeen = server.hub.latestSeq;
    const epoch = server.hub.epoch;
    await restock('p-2');
    await call(server.url, 'PATCH', '/api/customers/c-5', { body: { name: 'Resumed Customer' } });
    await restock('p-3');
    const stream = await open('/sse?types=products,customers', { 'Last-Event-ID': `${epoch}:${lastSeen}` });
    await stream.waitFor((m) => m.data.type === 'SUBSCRIBED' && m.data.data?.['entityType'] === 'customers', 'the SUBSCRIBED frames');
    await restock('p-4');
    await stream.waitFor((m) => m.data.seq === lastSeen + 4, 'the live event');
    assert.deepEqual(
      stream.messages.filter((m) => m.data.type !== 'PING').map((m) => [m.data.type, m.id]),
      [
        ['ENTITY_UPDATED', `${epoch}:${lastSeen + 1}`],
        ['ENTITY_UPDATED', `${epoch}:${lastSeen + 2}`],
        ['ENTITY_UPDATED', `${epoch}:${lastSeen + 3}`],
        ['SUBSCRIBED', `${epoch}:${lastSeen + 3}`],
        ['SUBSCRIBED', `${epoch}:${lastSeen + 3}`],
        ['ENTITY_UPDATED', `${epoch}:${lastSeen + 4}`],
      ],
    );
  });

  it('takes ?since= and ?token= for clients that cannot send headers', async () => {
    const lastSeen = server.hub.latestSeq;
    const order = await call(server.url, 'POST', '/api/orders', { token: 'demo-bob', body: { items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }] } });
    const stream = await open(`/sse?types=orders&token=demo-bob&since=${server.hub.epoch}:${lastSeen}`);
    const created = await stream.waitFor((m) => m.data.type === 'ENTITY_CREATED', "bob's order");
    assert.equal((created.data.data?.['entity'] as { id: string }).id, order.body.id);
  });

  it('keeps order events private to their owner', async () => {
    const alice = await open('/sse?types=orders', { Authorization: 'Bearer demo-alice' });
    const bob = await open('/sse?types=orders', { Authorization: 'Bearer demo-bob' });
    const anonymous = await open('/sse?types=orders');
    await waitUntil(
      () => (server.hub.listenerCount >= 3 ? true : undefined),
      () => 'the three streams',
    );
    await call(server.url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }] } });
    await alice.waitFor((m) => m.data.type === 'ENTITY_CREATED', "alice's order");
    await settle(50);
    assert.equal(bob.events.length, 0);
    assert.equal(anonymous.events.length, 0);
  });

  it('sends RESYNC_REQUIRED per type when Last-Event-ID is older than the history', async () => {
    const lastSeen = server.hub.latestSeq;
    for (let i = 0; i < 12; i++) await restock('p-5');
    await expectResyncs({ 'Last-Event-ID': `${server.hub.epoch}:${lastSeen}` });
  });

  it('sends RESYNC_REQUIRED per type when Last-Event-ID is from another epoch or beyond the head', async () => {
    await expectResyncs({ 'Last-Event-ID': `otherep0:${server.hub.latestSeq}` });
    await expectResyncs({ 'Last-Event-ID': `${server.hub.epoch}:${server.hub.latestSeq + 1}` });
  });

  async function expectResyncs(headers: Record<string, string>): Promise<void> {
    const stream = await open('/sse?types=products,customers', headers);
    await stream.waitFor((m) => m.data.type === 'RESYNC_REQUIRED' && m.data.data?.['entityType'] === 'customers', 'both resyncs');
    const { epoch, seq } = server.hub.position;
    assert.deepEqual(
      stream.messages.filter((m) => m.data.type !== 'PING').map((m) => [m.data.type, m.data.data?.['entityType'], m.id, m.data.epoch, m.data.seq]),
      [
        ['RESYNC_REQUIRED', 'products', `${epoch}:${seq}`, epoch, seq],
        ['RESYNC_REQUIRED', 'customers', `${epoch}:${seq}`, epoch, seq],
      ],
    );
    stream.close();
  }

  it('sends `: heartbeat` comments and PING frames with the head', async () => {
    const stream = await open('/sse?types=products');
    const ping = await stream.waitFor((m) => m.data.type === 'PING', 'a PING', 2000);
    const { epoch, seq } = server.hub.position;
    assert.deepEqual(ping, { id: `${epoch}:${seq}`, data: { type: 'PING', epoch, seq } });
    assert.ok(stream.comments.includes(' heartbeat'), `comments: ${JSON.stringify(stream.comments)}`);
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
