import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';

describe('polling fallback GET /api/events', () => {
  let server: LiveServer;
  const poll = (query: string, token?: string) => call(server.url, 'GET', `/api/events?${query}`, { token });

  before(async () => {
    server = await createLiveServer({ port: 0, historySize: 5 });
  });
  after(() => server.close());

  it('reports the head (epoch and seq) and no frames without since', async () => {
    await call(server.url, 'POST', '/api/products/p-1/restock', { body: { variantId: 'p-1-v1', quantity: 1 } });
    const response = await poll('types=products');
    assert.deepEqual(response.body, { epoch: server.hub.epoch, seq: 1, frames: [] });
    assert.equal(response.headers.get('x-stream-position'), `${server.hub.epoch}:1`);
  });

  it('returns the frames after since for the listed types, visible to the caller', async () => {
    const since = server.hub.latestSeq;
    await call(server.url, 'POST', '/api/products/p-2/restock', { body: { variantId: 'p-2-v1', quantity: 1 } });
    await call(server.url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] } });
    const epoch = server.hub.epoch;
    const alice = await poll(`since=${epoch}:${since}&types=products,orders`, 'demo-alice');
    assert.equal(alice.body.seq, since + 2);
    assert.deepEqual(
      alice.body.frames.map((f: { type: string; epoch: string; seq: number }) => [f.type, f.epoch, f.seq]),
      [
        ['ENTITY_UPDATED', epoch, since + 1],
        ['ENTITY_CREATED', epoch, since + 2],
      ],
    );
    const bob = await poll(`since=${since}&types=products,orders`, 'demo-bob');
    assert.deepEqual(
      bob.body.frames.map((f: { seq: number }) => f.seq),
      [since + 1],
    );
    const onlyOrders = await poll(`since=${since}&types=orders`);
    assert.deepEqual(onlyOrders.body.frames, []);
  });

  const resyncAnswer = () => {
    const { epoch, seq } = server.hub.position;
    return {
      epoch,
      seq,
      frames: [
        { type: 'RESYNC_REQUIRED', epoch, seq, data: { entityType: 'products' } },
        { type: 'RESYNC_REQUIRED', epoch, seq, data: { entityType: 'customers' } },
      ],
    };
  };

  it('answers RESYNC_REQUIRED frames when since is older than the history', async () => {
    for (let i = 0; i < 6; i++) await call(server.url, 'POST', '/api/products/p-3/restock', { body: { variantId: 'p-3-v1', quantity: 1 } });
    assert.deepEqual((await poll(`since=${server.hub.epoch}:0&types=products,customers`)).body, resyncAnswer());
  });

  it('answers RESYNC_REQUIRED frames when since is from another epoch or beyond the head', async () => {
    const head = server.hub.latestSeq;
    assert.deepEqual((await poll(`since=zzzzzzzz:${head}&types=products,customers`)).body, resyncAnswer());
    assert.deepEqual((await poll(`since=${server.hub.epoch}:${head + 1}&types=products,customers`)).body, resyncAnswer());
    assert.deepEqual((await poll(`since=${server.hub.epoch}:${head}&types=products,customers`)).body.frames, []);
  });

  it('refuses bad since values, unknown types and bad tokens', async () => {
    assert.equal((await poll('since=-1')).status, 400);
    assert.equal((await poll('since=1.5')).status, 400);
    assert.equal((await poll('since=Bad%20Epoch:1')).status, 400);
    assert.equal((await poll('since=abc:')).status, 400);
    assert.equal((await poll('since=1&types=widgets')).status, 400);
    assert.equal((await poll('since=1', 'demo-mallory')).status, 401);
  });
});
