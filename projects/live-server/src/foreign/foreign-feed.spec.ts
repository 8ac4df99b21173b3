import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';
import { sseStreams, type SseMessage, type TestSseClient } from '../testing/test-sse-client';
import { waitUntil } from '../testing/wait-until';
import { NAMED_FOREIGN_EVENTS } from './foreign-feed';
import { STOCK_EVENT_TYPES, USER_EVENT_TYPES } from './foreign-translator';

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

describe('seed-style foreign feed /api/realtime/events', () => {
  let server: LiveServer;
  const streams = sseStreams(() => server.url);
  const open = streams.open;
  const alice = { Authorization: 'Bearer demo-alice' };
  const order = (token: string) => call(server.url, 'POST', '/api/orders', { token, body: { items: [{ productId: 'p-4', variantId: 'p-4-v1', quantity: 2 }] } });
  const move = (id: string, status: string) => call(server.url, 'POST', `/api/orders/${id}/status`, { token: 'demo-alice', body: { status } });
  const events = (stream: TestSseClient) => stream.messages.filter((m) => m.id !== undefined);
  const waitCount = (stream: TestSseClient, count: number) =>
    waitUntil(
      () => (events(stream).length >= count ? true : undefined),
      () => `${count} events; got ${JSON.stringify(stream.messages).slice(0, 600)}`,
    );

  before(async () => {
    server = await createLiveServer({ port: 0, foreignHeartbeatMs: 150 });
  });
  afterEach(() => {
    streams.closeAll();
  });
  after(() => server.close());

  it('starts with a connected message and sends stock_updated shaped exactly like the seed backend', async () => {
    const stream = await open('/api/realtime/events');
    await stream.waitFor((m) => m.data.type === 'connected', 'connected');
    assert.equal(stream.messages[0].id, undefined, 'connected carries no id');
    assert.match(String(stream.messages[0].data.timestamp), ISO_SECONDS);
    const stockBefore = server.store.products.get('p-1')!.variants[0].stock;
    await call(server.url, 'POST', '/api/products/p-1/restock', { body: { variantId: 'p-1-v1', quantity: 5 } });
    await call(server.url, 'POST', '/api/products/p-1/purchase', { body: { variantId: 'p-1-v1', quantity: 2 } });
    await waitCount(stream, 2);
    const [restocked, sold] = events(stream);
    assert.deepEqual(Object.keys(restocked.data), ['type', 'data', 'timestamp']);
    assert.deepEqual(restocked.data.data, { variant_id: 'p-1-v1', stock_quantity: stockBefore + 5, quantity_change: 5, type: 'restock' });
    assert.deepEqual(sold.data.data, { variant_id: 'p-1-v1', stock_quantity: stockBefore + 3, quantity_change: -2, type: 'sale' });
    assert.match(String(sold.data.timestamp), ISO_SECONDS);
    assert.equal(restocked.event, undefined, 'stock_updated is a plain data: message');
    const seqOf = (id: string | undefined) => Number(id!.split(':')[1]);
    assert.ok(seqOf(sold.id) > seqOf(restocked.id));
  });

  it('sends every event type, named ones with an event: line, all with id: and a type field, none with a version', async () => {
    const publicFeed = await open('/api/realtime/events');
    const userFeed = await open('/api/realtime/events/user', alice);
    await waitUntil(
      () => (publicFeed.messages.length && userFeed.messages.length ? true : undefined),
      () => 'both connected',
    );
    const shipped = (await order('demo-alice')).body;
    await move(shipped.id, 'confirmed');
    await move(shipped.id, 'shipped');
    await move(shipped.id, 'delivered');
    const cancelled = (await order('demo-alice')).body;
    await move(cancelled.id, 'cancelled');
    await call(server.url, 'POST', '/api/products/p-4/purchase', { body: { variantId: 'p-4-v1', quantity: 1 } });
    await waitCount(userFeed, 7);
    await waitCount(publicFeed, 5);
    assert.deepEqual(
      events(userFeed).map((m) => m.data.type),
      ['order_created', 'payment_success', 'order_shipped', 'tracking_updated', 'order_delivered', 'order_created', 'payment_failed'],
    );
    assert.deepEqual(
      events(publicFeed).map((m) => m.data.type),
      ['stock_reserved', 'stock_committed', 'stock_reserved', 'stock_released', 'stock_updated'],
    );
    const all = [...events(userFeed), ...events(publicFeed)];
    assert.deepEqual(new Set(all.map((m) => m.data.type)), new Set([...STOCK_EVENT_TYPES, ...USER_EVENT_TYPES]));
    for (const message of all) {
      assert.equal(message.id!.split(':')[0], server.hub.epoch, 'ids name the epoch');
      assert.match(message.id!, /^[0-9a-z]+:\d+(\.\d+)?$/);
      assert.equal(message.event, NAMED_FOREIGN_EVENTS.has(message.data.type) ? message.data.type : undefined, message.data.type);
      assert.match(String(message.data.timestamp), ISO_SECONDS);
      assert.ok(!JSON.stringify(message.data).includes('version'), `no version in ${message.data.type}`);
    }
    const byType = (type: string) => all.find((m) => m.data.type === type)!.data.data;
    assert.deepEqual(byType('order_created'), {
      order_id: shipped.id,
      status: 'pending',
      total_amount: shipped.total,
      created_at: byType('order_created')!['created_at'],
      items: [{ product_id: 'p-4', variant_id: 'p-4-v1', quantity: 2, unit_price: shipped.items[0].price }],
    });
    assert.deepEqual(byType('stock_reserved'), { variant_id: 'p-4-v1', quantity: 2, order_id: shipped.id });
    assert.deepEqual(byType('payment_success'), { order_id: shipped.id, amount: shipped.total, payment_method: 'card' });
    assert.equal(byType('order_shipped')!['order_id'], shipped.id);
    assert.equal(byType('tracking_updated')!['tracking_number'], byType('order_shipped')!['tracking_number']);
    assert.deepEqual(byType('payment_failed'), { order_id: cancelled.id, amount: cancelled.total, reason: 'order_cancelled' });
    const ids = all.map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
  });

  it("keeps a user's order events to that user, and needs a bearer token", async () => {
    const bobFeed = await open('/api/realtime/events/user', { Authorization: 'Bearer demo-bob' });
    await bobFeed.waitFor((m) => m.data.type === 'connected', 'connected');
    assert.equal(bobFeed.messages[0].data['user_id' as 'type'], 'bob');
    await order('demo-alice');
    const mine = (await order('demo-bob')).body;
    const created = await bobFeed.waitFor((m) => m.data.type === 'order_created', "bob's order");
    assert.equal(created.data.data?.['order_id'], mine.id);
    assert.equal(events(bobFeed).length, 1);
    assert.equal((await fetch(`${server.url}/api/realtime/events/user`)).status, 401);
    assert.equal((await fetch(`${server.url}/api/realtime/events/user`, { headers: { Authorization: 'Bearer demo-mallory' } })).status, 401);
    assert.equal((await fetch(`${server.url}/api/realtime/events`, { method: 'POST' })).status, 405);
  });

  it('sends : heartbeat comments', async () => {
    const stream = await open('/api/realtime/events');
    await waitUntil(
      () => (stream.comments.includes(' heartbeat') ? true : undefined),
      () => 'a heartbeat comment',
      2000,
    );
  });

  it('resumes after Last-Event-ID with the events the client missed, in order', async () => {
    const first = await open('/api/realtime/events/user', alice);
    await first.waitFor((m) => m.data.type === 'connected', 'connected');
    const placed = (await order('demo-alice')).body;
    await move(placed.id, 'confirmed');
    await move(placed.id, 'shipped');
    await waitCount(first, 4);
    const seen = events(first);
    first.close();
    const resumed = await open('/api/realtime/events/user', { ...alice, 'Last-Event-ID': seen[1].id! });
    await waitCount(resumed, 2);
    const replayed = (m: SseMessage) => [m.id, m.data.type];
    assert.deepEqual(events(resumed).map(replayed), seen.slice(2).map(replayed));
    assert.equal(resumed.messages[0].data.type, 'connected');
    const viaQuery = await open(`/api/realtime/events/user?token=demo-alice&lastEventId=${seen[2].id}`);
    await waitCount(viaQuery, 1);
    assert.deepEqual(events(viaQuery).map(replayed), seen.slice(3).map(replayed));
    // Not an id of this feed (another epoch, or a spelling it never writes): replays nothing (no 400), as a typical backend ignores it.
    const [epoch, seq] = seen[1].id!.split(':');
    for (const id of ['k3j9x0aa:4', `${epoch}:0${seq}`, `${epoch}:${seq}.0`]) {
      const garbage = await open('/api/realtime/events/user', { ...alice, 'Last-Event-ID': id });
      await garbage.waitFor((m) => m.data.type === 'connected', 'connected');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(events(garbage), [], id);
    }
  });
});

describe('foreign feed across a durable restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-server-foreign-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('an id from before the restart replays nothing (the feed keeps its events in memory); ids after it resume', async () => {
    const place = (url: string) => call(url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-4', variantId: 'p-4-v1', quantity: 1 }] } });
    let server = await createLiveServer({ port: 0, dataDir: dir, log: () => undefined });
    await place(server.url);
    await place(server.url);
    await server.close();
    server = await createLiveServer({ port: 0, dataDir: dir, log: () => undefined });
    const streams = sseStreams(() => server.url);
    try {
      await place(server.url);
      const head = server.hub.latestSeq;
      await place(server.url);
      const old = await streams.open('/api/realtime/events/user', { Authorization: 'Bearer demo-alice', 'Last-Event-ID': `${server.hub.epoch}:1` });
      await old.waitFor((m) => m.data.type === 'connected', 'connected');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(
        old.messages.filter((m) => m.id !== undefined),
        [],
        'nothing replayed: the events between 1 and the restart are not retained',
      );
      const recent = await streams.open('/api/realtime/events/user', { Authorization: 'Bearer demo-alice', 'Last-Event-ID': `${server.hub.epoch}:${head}` });
      await recent.waitFor((m) => m.id === `${server.hub.epoch}:${server.hub.latestSeq}`, 'the order placed after the id');
    } finally {
      streams.closeAll();
      await server.close();
    }
  });
});

describe('foreign feed across a restart that loses the history (memory mode: a new epoch, seq starts again)', () => {
  it('an id of the old epoch replays nothing, even where its seq is below the new head', async () => {
    const place = (url: string) => call(url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-4', variantId: 'p-4-v1', quantity: 1 }] } });
    let server = await createLiveServer({ port: 0, log: () => undefined });
    let streams = sseStreams(() => server.url);
    const first = await streams.open('/api/realtime/events/user', { Authorization: 'Bearer demo-alice' });
    await place(server.url);
    const seen = await first.waitFor((m) => m.data.type === 'order_created', 'the first order');
    const oldEpoch = server.hub.epoch;
    streams.closeAll();
    await server.close();
    // Step: a new process of the same (memory) server; its events reuse the seqs of the old ones.
    server = await createLiveServer({ port: 0, log: () => undefined });
    streams = sseStreams(() => server.url);
    try {
      assert.notEqual(server.hub.epoch, oldEpoch);
      for (let i = 0; i < 5; i++) await place(server.url);
      assert.ok(server.hub.latestSeq > Number(seen.id!.split(':')[1].split('.')[0]), 'the new history passed the old id');
      const resumed = await streams.open('/api/realtime/events/user', { Authorization: 'Bearer demo-alice', 'Last-Event-ID': seen.id! });
      await resumed.waitFor((m) => m.data.type === 'connected', 'connected');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(
        resumed.messages.filter((m) => m.id !== undefined),
        [],
        'nothing replayed: those seqs are other events',
      );
    } finally {
      streams.closeAll();
      await server.close();
    }
  });
});
