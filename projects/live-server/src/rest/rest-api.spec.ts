import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';

describe('REST API', () => {
  let server: LiveServer;
  const api = (method: string, path: string, options?: Parameters<typeof call>[3]) => call(server.url, method, path, options);

  before(async () => {
    server = await createLiveServer({ port: 0, now: () => Date.parse('2025-05-01T10:00:00.000Z') });
  });
  after(() => server.close());

  describe('products', () => {
    it('pages the product list and reports the total count', async () => {
      const first = await api('GET', '/api/products?page=1&pageSize=15');
      const third = await api('GET', '/api/products?page=3&pageSize=15');
      assert.equal(first.status, 200);
      assert.equal(first.body.totalCount, 40);
      assert.equal(first.body.items.length, 15);
      assert.equal(third.body.items.length, 10);
      assert.equal(first.body.items[0].id, 'p-1');
      const defaults = await api('GET', '/api/products');
      assert.equal(defaults.body.items.length, 20);
    });

    it('filters by text, category and low stock', async () => {
      const all = [...server.store.products.values()];
      const byCategory = await api('GET', '/api/products?category=footwear&pageSize=100');
      assert.deepEqual(
        byCategory.body.items.map((p: { id: string }) => p.id),
        all.filter((p) => p.category === 'footwear').map((p) => p.id),
      );
      const word = all[0].name.split(' ')[1].toLowerCase();
      const byText = await api('GET', `/api/products?q=${encodeURIComponent(word)}&pageSize=100`);
      assert.ok(byText.body.totalCount > 0);
      for (const product of byText.body.items) assert.ok(product.name.toLowerCase().includes(word));
      const low = await api('GET', '/api/products?lowStock=true&pageSize=100');
      assert.ok(low.body.totalCount > 0);
      for (const product of low.body.items) assert.ok(product.stock <= product.lowStockThreshold);
      const notLow = await api('GET', '/api/products?lowStock=false&pageSize=100');
      assert.equal(low.body.totalCount + notLow.body.totalCount, 40);
    });

    it('answers bad query parameters with 400 and an error message', async () => {
      for (const query of ['page=0', 'page=abc', 'pageSize=101', 'pageSize=-3', 'lowStock=maybe', `q=${'x'.repeat(300)}`]) {
        const response = await api('GET', `/api/products?${query}`);
        assert.equal(response.status, 400, query);
        assert.equal(typeof response.body.error, 'string');
      }
    });

    it('returns one product, or 404', async () => {
      assert.equal((await api('GET', '/api/products/p-7')).body.id, 'p-7');
      const missing = await api('GET', '/api/products/p-999');
      assert.equal(missing.status, 404);
      assert.match(missing.body.error, /p-999/);
    });

    it('patches editable fields and bumps the version', async () => {
      const before = server.store.products.get('p-8')!;
      const response = await api('PATCH', '/api/products/p-8', { body: { name: 'Renamed', price: 12.345, version: 99 } });
      assert.equal(response.status, 200);
      assert.equal(response.body.name, 'Renamed');
      assert.equal(response.body.price, 12.35);
      assert.equal(response.body.version, before.version + 1);
    });

    it('refuses invalid patch bodies with 400', async () => {
      for (const body of ['{not json', '[]', { stock: 5 }, { price: -1 }, { name: '' }, {}, { lowStockThreshold: 1.5 }]) {
        const response = await api('PATCH', '/api/products/p-8', { body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(typeof response.body.error, 'string');
      }
    });

    it('refuses a body that is not UTF-8, or holds a lone surrogate, with 400 and leaves the product as it was', async () => {
      const before = (await api('GET', '/api/products/p-8')).body;
      const invalidUtf8 = Buffer.concat([Buffer.from('{"name":"caf'), Buffer.from([0xe9, 0x20, 0xff]), Buffer.from('"}')]);
      for (const body of [invalidUtf8, '{"name":"\\ud800"}', '{"\\udc00":"x","name":"ok"}']) {
        const response = await fetch(`${server.url}/api/products/p-8`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body });
        assert.equal(response.status, 400, String(body));
        assert.match(((await response.json()) as { error: string }).error, /UTF-8|lone surrogate/);
      }
      assert.deepEqual((await api('GET', '/api/products/p-8')).body, before);
    });

    it('refuses query parameters that are not UTF-8 with 400 instead of matching U+FFFD', async () => {
      for (const query of ['?q=%ff', '?q=%E9', '?category=%ff', '?q=caf%C3']) {
        const response = await api('GET', `/api/products${query}`);
        assert.equal(response.status, 400, query);
        assert.match(response.body.error, /percent-encoding|UTF-8/);
      }
      assert.equal((await api('GET', '/api/products?q=caf%C3%A9')).status, 200);
    });

    it('refuses an oversized body with 413', async () => {
      const response = await api('PATCH', '/api/products/p-8', { body: { name: 'x'.repeat(70 * 1024) } });
      assert.equal(response.status, 413);
    });

    it('sells and restocks a variant, and refuses to oversell with 409', async () => {
      const product = server.store.products.get('p-9')!;
      const variant = product.variants[0];
      const sold = await api('POST', '/api/products/p-9/purchase', { body: { variantId: variant.id, quantity: 1 } });
      assert.equal(sold.status, 200);
      assert.equal(sold.body.stock, product.stock - 1);
      const oversold = await api('POST', '/api/products/p-9/purchase', { body: { variantId: variant.id, quantity: variant.stock } });
      assert.equal(oversold.status, 409);
      assert.match(oversold.body.error, /insufficient stock/);
      assert.equal(server.store.products.get('p-9')!.stock, product.stock - 1);
      const restocked = await api('POST', '/api/products/p-9/restock', { body: { variantId: variant.id, quantity: 10 } });
      assert.equal(restocked.body.stock, product.stock + 9);
      assert.equal((await api('POST', '/api/products/p-9/purchase', { body: { variantId: 'nope', quantity: 1 } })).status, 400);
      assert.equal((await api('POST', '/api/products/p-9/purchase', { body: { variantId: variant.id, quantity: 0 } })).status, 400);
    });

    it('reprices a category in bulk', async () => {
      const response = await api('POST', '/api/products/bulk-price', { body: { category: 'home', percent: 5 } });
      assert.equal(response.status, 200);
      assert.ok(response.body.items.length > 0);
      for (const product of response.body.items) assert.equal(product.category, 'home');
    });
  });

  describe('idempotency', () => {
    it('replays the first response for a repeated key and applies the change once', async () => {
      const stock = server.store.products.get('p-11')!.stock;
      const variantId = server.store.products.get('p-11')!.variants[0].id;
      const request = { body: { variantId, quantity: 1 }, token: 'demo-alice', headers: { 'Idempotency-Key': 'buy-p11-once' } };
      const first = await api('POST', '/api/products/p-11/purchase', request);
      const second = await api('POST', '/api/products/p-11/purchase', request);
      assert.equal(second.status, first.status);
      assert.deepEqual(second.body, first.body);
      assert.equal(second.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(server.store.products.get('p-11')!.stock, stock - 1);
    });

    it('replays a refusal too, even once the change would succeed', async () => {
      const product = server.store.products.get('p-12')!;
      const variant = product.variants[0];
      const request = { body: { variantId: variant.id, quantity: variant.stock + 5 }, headers: { 'Idempotency-Key': 'too-many' } };
      const first = await api('POST', '/api/products/p-12/purchase', request);
      assert.equal(first.status, 409);
      await api('POST', '/api/products/p-12/restock', { body: { variantId: variant.id, quantity: 100 } });
      const second = await api('POST', '/api/products/p-12/purchase', request);
      assert.equal(second.status, 409);
      assert.deepEqual(second.body, first.body);
    });

    it('scopes keys per user', async () => {
      const body = { items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }] };
      const headers = { 'Idempotency-Key': 'shared-key' };
      const alice = await api('POST', '/api/orders', { body, token: 'demo-alice', headers });
      const bob = await api('POST', '/api/orders', { body, token: 'demo-bob', headers });
      assert.equal(alice.status, 201);
      assert.equal(bob.status, 201);
      assert.notEqual(alice.body.id, bob.body.id);
    });

    it('refuses an over-long key', async () => {
      const response = await api('PATCH', '/api/products/p-1', { body: { name: 'x' }, headers: { 'Idempotency-Key': 'k'.repeat(201) } });
      assert.equal(response.status, 400);
    });
  });

  describe('orders', () => {
    it('needs a token (401) and refuses a bad one (401)', async () => {
      assert.equal((await api('GET', '/api/orders')).status, 401);
      assert.equal((await api('GET', '/api/orders', { token: 'demo-mallory' })).status, 401);
      assert.equal((await api('GET', '/api/products', { token: 'demo-mallory' })).status, 401);
      assert.equal((await api('GET', '/api/products', { headers: { Authorization: 'Basic abc' } })).status, 401);
      assert.equal((await api('GET', '/api/orders?token=demo-alice')).status, 200);
    });

    it("lists only the user's own orders, newest first, with a status filter and paging", async () => {
      const mine = await api('GET', '/api/orders?pageSize=100', { token: 'demo-bob' });
      assert.ok(mine.body.totalCount >= 15);
      for (const order of mine.body.items) assert.equal(order.userId, 'bob');
      const dates = mine.body.items.map((order: { createdAt: string }) => order.createdAt);
      assert.deepEqual(dates, [...dates].sort().reverse());
      const delivered = await api('GET', '/api/orders?status=delivered&pageSize=100', { token: 'demo-bob' });
      for (const order of delivered.body.items) assert.equal(order.status, 'delivered');
      const page = await api('GET', '/api/orders?page=2&pageSize=5', { token: 'demo-bob' });
      assert.deepEqual(page.body.items, mine.body.items.slice(5, 10));
      assert.equal((await api('GET', '/api/orders?status=lost', { token: 'demo-bob' })).status, 400);
    });

    it("counts the user's orders per status from the server's totals, beyond the page and the filter", async () => {
      const all = await api('GET', '/api/orders?pageSize=100', { token: 'demo-bob' });
      const expected: Record<string, number> = { pending: 0, confirmed: 0, shipped: 0, delivered: 0, cancelled: 0 };
      for (const order of all.body.items) expected[order.status]++;
      const onePage = await api('GET', '/api/orders?status=pending&pageSize=1', { token: 'demo-bob' });
      assert.equal(onePage.body.items.length, 1);
      assert.deepEqual(onePage.body.statusCounts, expected);
      assert.equal(onePage.body.totalCount, expected['pending']);
      const created = await api('POST', '/api/orders', { token: 'demo-bob', body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] } });
      await api('POST', `/api/orders/${created.body.id}/status`, { token: 'demo-bob', body: { status: 'cancelled' } });
      const after = await api('GET', '/api/orders?pageSize=1', { token: 'demo-bob' });
      assert.deepEqual(after.body.statusCounts, { ...expected, cancelled: expected['cancelled'] + 1 });
      const alice = await api('GET', '/api/orders?pageSize=1', { token: 'demo-alice' });
      assert.notDeepEqual(alice.body.statusCounts, after.body.statusCounts, 'counts are per user');
    });

    it("answers GET /api/orders/totals with the user's counts per status, their sum and revenue, whatever the page size", async () => {
      const all = await api('GET', '/api/orders?pageSize=100', { token: 'demo-alice' });
      assert.ok(all.body.totalCount <= 100, 'the seed fits one page');
      const expected: Record<string, number> = { pending: 0, confirmed: 0, shipped: 0, delivered: 0, cancelled: 0 };
      let revenueCents = 0;
      for (const order of all.body.items) {
        expected[order.status]++;
        if (['confirmed', 'shipped', 'delivered'].includes(order.status)) revenueCents += Math.round(order.total * 100);
      }
      const totals = await api('GET', '/api/orders/totals', { token: 'demo-alice' });
      assert.equal(totals.status, 200);
      assert.deepEqual(totals.body.statusCounts, expected);
      assert.equal(totals.body.count, all.body.totalCount);
      assert.equal(totals.body.revenue, revenueCents / 100);
      const created = await api('POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 2 }] } });
      await api('POST', `/api/orders/${created.body.id}/status`, { token: 'demo-alice', body: { status: 'confirmed' } });
      const after = await api('GET', '/api/orders/totals', { token: 'demo-alice' });
      assert.equal(after.body.statusCounts.confirmed, expected['confirmed'] + 1);
      assert.equal(after.body.count, all.body.totalCount + 1);
      assert.equal(after.body.revenue, (revenueCents + Math.round(created.body.total * 100)) / 100);
      assert.equal((await api('GET', '/api/orders/totals')).status, 401);
    });

    it("counts the user's new orders per minute (GET /api/orders/per-minute), with the highest order number issued", async () => {
      const before = await api('GET', '/api/orders/per-minute', { token: 'demo-alice' });
      assert.equal(before.status, 200);
      assert.equal(before.body.minutes.length, 15);
      assert.equal(before.body.minutes.at(-1).start, '2025-05-01T10:00:00.000Z', 'the last bucket is the current minute');
      assert.equal(before.body.minutes[0].start, '2025-05-01T09:46:00.000Z');
      const body = { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] };
      await api('POST', '/api/orders', { token: 'demo-alice', body });
      const last = await api('POST', '/api/orders', { token: 'demo-alice', body });
      await api('POST', '/api/orders', { token: 'demo-bob', body });
      const after = await api('GET', '/api/orders/per-minute?minutes=3', { token: 'demo-alice' });
      assert.equal(after.body.minutes.length, 3);
      assert.equal(after.body.minutes.at(-1).count, before.body.minutes.at(-1).count + 2, "bob's order is not alice's");
      assert.equal(after.body.throughOrder, Number(last.body.id.slice(2)) + 1, "the highest order number issued (bob's, after alice's)");
      assert.equal(typeof after.body.position.seq, 'number');
      for (const minutes of ['0', '121', 'x']) assert.equal((await api('GET', `/api/orders/per-minute?minutes=${minutes}`, { token: 'demo-alice' })).status, 400);
      assert.equal((await api('GET', '/api/orders/per-minute')).status, 401);
    });

    it("hides other users' orders (404)", async () => {
      assert.equal((await api('GET', '/api/orders/o-1', { token: 'demo-alice' })).status, 200);
      assert.equal((await api('GET', '/api/orders/o-1', { token: 'demo-bob' })).status, 404);
      assert.equal((await api('GET', '/api/orders/o-1/events', { token: 'demo-bob' })).status, 404);
    });

    it('creates a pending order and keeps its status history', async () => {
      const created = await api('POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 2 }] } });
      assert.equal(created.status, 201);
      assert.equal(created.body.status, 'pending');
      assert.equal(created.body.userId, 'alice');
      assert.equal(created.body.customerName, 'Alice Anderson');
      const confirmed = await api('POST', `/api/orders/${created.body.id}/status`, { token: 'demo-alice', body: { status: 'confirmed' } });
      assert.equal(confirmed.body.version, 2);
      const history = await api('GET', `/api/orders/${created.body.id}/events`, { token: 'demo-alice' });
      assert.deepEqual(history.body, [
        { status: 'pending', at: '2025-05-01T10:00:00.000Z', version: 1 },
        { status: 'confirmed', at: '2025-05-01T10:00:00.000Z', version: 2 },
      ]);
      const invalid = await api('POST', `/api/orders/${created.body.id}/status`, { token: 'demo-alice', body: { status: 'delivered' } });
      assert.equal(invalid.status, 409);
    });

    it('refuses bad order bodies with 400', async () => {
      for (const body of [
        {},
        { items: [] },
        { items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 0 }] },
        { items: [{ productId: 'p-404', variantId: 'x', quantity: 1 }] },
        { items: 'p-1' },
      ]) {
        const response = await api('POST', '/api/orders', { token: 'demo-alice', body });
        assert.equal(response.status, 400, JSON.stringify(body));
      }
      assert.equal((await api('POST', '/api/orders', { body: { items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }] } })).status, 401);
    });
  });

  describe('customers, metrics and the rest', () => {
    it('pages and filters customers, patches and deletes one', async () => {
      const page = await api('GET', '/api/customers?page=2&pageSize=8');
      assert.equal(page.body.totalCount, 20);
      assert.equal(page.body.items.length, 8);
      assert.equal(page.body.items[0].id, 'c-9');
      const alice = await api('GET', '/api/customers?q=alice');
      assert.deepEqual(
        alice.body.items.map((customer: { id: string }) => customer.id),
        ['c-1'],
      );
      const patched = await api('PATCH', '/api/customers/c-4', { body: { tier: 'platinum' } });
      assert.equal(patched.body.tier, 'platinum');
      assert.equal((await api('PATCH', '/api/customers/c-4', { body: { email: 'not-an-email' } })).status, 400);
      const deleted = await api('DELETE', '/api/customers/c-20');
      assert.deepEqual(deleted.body, { id: 'c-20', deleted: true, version: 2 });
      const gone = await api('GET', '/api/customers/c-20');
      assert.equal(gone.status, 404);
      assert.equal(gone.body.version, 2);
    });

    it('reports metrics', async () => {
      const metrics = await api('GET', '/api/metrics');
      assert.equal(metrics.status, 200);
      assert.deepEqual(Object.keys(metrics.body).sort(), ['lowStockCount', 'ordersByStatus', 'revenue', 'updatedAt']);
      assert.deepEqual(metrics.body, JSON.parse(JSON.stringify(server.store.metrics())));
    });

    it('answers health, changes the simulator rate and validates it', async () => {
      const health = await api('GET', '/api/health');
      assert.equal(health.status, 200);
      assert.deepEqual(health.body, { ok: true, ready: true, serving: true, mode: 'memory', ...server.hub.position });
      assert.deepEqual((await api('POST', '/api/sim', { body: { rate: 0 } })).body, { rate: 0 });
      assert.equal((await api('POST', '/api/sim', { body: { rate: -1 } })).status, 400);
      assert.equal((await api('POST', '/api/sim', { body: { rate: 'fast' } })).status, 400);
    });

    it('answers unknown routes with 404, wrong methods with 405, and CORS preflights with 204', async () => {
      assert.equal((await api('GET', '/api/unknown')).status, 404);
      assert.equal((await api('GET', '/nothing-here')).status, 404);
      const wrongMethod = await api('DELETE', '/api/products');
      assert.equal(wrongMethod.status, 405);
      assert.match(wrongMethod.headers.get('Allow') ?? '', /GET/);
      const preflight = await fetch(`${server.url}/api/products/p-1`, { method: 'OPTIONS' });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), '*');
      assert.match(preflight.headers.get('Access-Control-Allow-Headers') ?? '', /Idempotency-Key/);
      assert.equal((await api('GET', '/api/products')).headers.get('Access-Control-Allow-Origin'), '*');
    });
  });
});
