import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';

describe('X-Stream-Position on REST answers', () => {
  let server: LiveServer;
  const head = () => `${server.hub.epoch}:${server.hub.latestSeq}`;
  const restock = (headers?: Record<string, string>) => call(server.url, 'POST', '/api/products/p-1/restock', { body: { variantId: 'p-1-v1', quantity: 1 }, headers });

  before(async () => {
    server = await createLiveServer({ port: 0 });
  });
  after(() => server.close());

  it('gives lists the head in the header and as position in the body', async () => {
    await restock();
    for (const [path, token] of [
      ['/api/products', undefined],
      ['/api/customers', undefined],
      ['/api/orders', 'demo-alice'],
    ]) {
      const response = await call(server.url, 'GET', path!, { token });
      assert.equal(response.headers.get('x-stream-position'), head(), path);
      assert.deepEqual(response.body.position, server.hub.position, path);
    }
  });

  it('gives details, errors and other answers the head', async () => {
    await restock();
    for (const path of ['/api/products/p-2', '/api/products/p-none', '/api/metrics', '/api/health', '/api/nowhere']) {
      assert.equal((await call(server.url, 'GET', path)).headers.get('x-stream-position'), head(), path);
    }
    const cors = await fetch(`${server.url}/api/products`);
    assert.match(cors.headers.get('access-control-expose-headers') ?? '', /X-Stream-Position/);
  });

  it('gives a mutation answer the position of the event it produced, and a replayed one the same position', async () => {
    const first = await restock({ 'Idempotency-Key': 'position-key' });
    const produced = server.hub.latestSeq;
    assert.equal(first.headers.get('x-stream-position'), `${server.hub.epoch}:${produced}`);
    await restock();
    const replayed = await restock({ 'Idempotency-Key': 'position-key' });
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
    assert.equal(replayed.headers.get('x-stream-position'), `${server.hub.epoch}:${produced}`, 'the replayed body is as of the first answer');
    assert.deepEqual(replayed.body, first.body);
  });
});
