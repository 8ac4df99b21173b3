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

  it('reports the latest seq and no frames without since', async () => {
    await call(server.url, 'POST', '/api/products/p-1/restock', { body: { variantId: 'p-1-v1', quantity: 1 } });
    assert.deepEqual((await poll('types=products')).body, { seq: 1, frames: [] });
  });

  it('returns the frames after since for the listed types, visible to the caller', async () => {
    const since = server.hub.latestSeq;
    await call(server.url, 'POST', '/api/products/p-2/restock', { body: { variantId: 'p-2-v1', quantity: 1 } });
    await call(server.url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] } });
    const alice = await poll(`since=${since}&types=products,orders`, 'demo-alice');
    assert.equal(alice.body.seq, since + 2);
    assert.deepEqual(alice.body.frames.map((f: { type: string; seq: number }) => [f.type, f.seq]), [
      ['ENTITY_UPDATED', since + 1],
      ['ENTITY_CREATED', since + 2],
    ]);
    const bob = await poll(`since=${since}&types=products,orders`, 'demo-bob');
    assert.deepEqual(bob.body.frames.map((f: { seq: number }) => f.seq), [since + 1]);
    const onlyOrders = await poll(`since=${since}&types=orders`);
    assert.deepEqual(onlyOrders.body.frames, []);
  });

  it('answers RESYNC_REQUIRED frames when since is too old', async () => {
    for (let i = 0; i < 6; i++) await call(server.url, 'POST', '/api/products/p-3/restock', { body: { variantId: 'p-3-v1', quantity: 1 } });
    const response = await poll('since=0&types=products,customers');
    assert.deepEqual(response.body, {
      seq: server.hub.latestSeq,
      frames: [
        { type: 'RESYNC_REQUIRED', seq: server.hub.latestSeq, data: { entityType: 'products' } },
        { type: 'RESYNC_REQUIRED', seq: server.hub.latestSeq, data: { entityType: 'customers' } },
      ],
    });
  });

  it('refuses bad since values, unknown types and bad tokens', async () => {
    assert.equal((await poll('since=-1')).status, 400);
    assert.equal((await poll('since=1.5')).status, 400);
    assert.equal((await poll('since=1&types=widgets')).status, 400);
    assert.equal((await poll('since=1', 'demo-mallory')).status, 401);
  });
});
