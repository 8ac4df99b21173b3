import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';
import { LiveStore } from './live-store';
import { MAX_PRICE } from './product-operations';

/** A price pushed to Infinity became null in the snapshot: state after a restart (or on a late Redis node) differed. */
describe('prices stay finite and in range, so replay and snapshots rebuild the same state', () => {
  const root = mkdtempSync(join(tmpdir(), 'live-server-price-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const at = '2025-05-01T10:00:00.000Z';

  it('the store refuses (422, nothing changed) a bulk price change or a patch that leaves the range', () => {
    const store = new LiveStore();
    const before = structuredClone(store.snapshot().products);
    const huge = store.apply({ operation: { kind: 'product.bulk-price', category: 'apparel', percent: 1e300 }, at, actor: null });
    assert.equal(huge.status, 422);
    assert.match((huge.body as { error: string }).error, /above 1000000; nothing was changed/);
    assert.equal(huge.changes.length, 0);
    assert.deepEqual(store.snapshot().products, before);
    for (const price of [Infinity, MAX_PRICE + 1, Number.NaN]) {
      const patched = store.apply({ operation: { kind: 'product.patch', productId: 'p-1', changes: { price } }, at, actor: null });
      assert.equal(patched.status, 422, `price ${price}`);
    }
    assert.deepEqual(store.snapshot().products, before);
  });

  it('repeated bulk-price +1000% is refused once a price would pass the limit; restart and replay give the same state', async () => {
    const dir = join(root, 'data');
    const server: LiveServer = await createLiveServer({ port: 0, dataDir: dir, log: () => undefined });
    const statuses: number[] = [];
    let crashCopy = '';
    try {
      for (let i = 0; i < 12; i++) statuses.push((await call(server.url, 'POST', '/api/products/bulk-price', { body: { percent: 1000, category: 'apparel' } })).status);
      const order = await call(server.url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }] } });
      assert.equal(order.status, 201);
      crashCopy = join(root, 'crash');
      cpSync(dir, crashCopy, { recursive: true });
    } finally {
      await server.close();
    }
    assert.ok(statuses.includes(422) && statuses[0] === 200, `refused once out of range: ${statuses.join(',')}`);
    const prices = [...server.store.products.values()].map((product) => product.price);
    assert.ok(prices.every((price) => Number.isFinite(price) && price <= MAX_PRICE));
    for (const from of [dir, crashCopy]) {
      const again = await createLiveServer({ port: 0, dataDir: from, log: () => undefined });
      try {
        assert.deepEqual([...again.store.products.values()], [...server.store.products.values()], `${from}: same products`);
        assert.deepEqual(again.store.metrics(), server.store.metrics(), `${from}: same metrics`);
        assert.deepEqual(again.hub.position, server.hub.position);
      } finally {
        await again.close();
      }
    }
  });
});
