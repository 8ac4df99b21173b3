// What a seller must be able to trust: stock rows that never move under the pointer (so Buy lands
// on the row aimed at), an explicit "lowest stock" sort that waits while the pointer is over the
// table, and order columns that show each status's newest orders even when they are not among the
// 100 newest overall.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readOrders, readRow, useQuietDashboard } from './support/dashboard.mjs';
import { eventually, sleep } from './support/wait.mjs';

const env = useQuietDashboard();

const rowIds = () => env.dashboard.page.$$eval('tr[data-product]', (rows) => rows.map((row) => row.getAttribute('data-product')));
const number = (id) => Number(id.slice(id.lastIndexOf('-') + 1));

/** Sells every unit of `product` through REST. */
async function sellOut(api, product) {
  let latest = product;
  for (const variant of product.variants) {
    if (variant.stock > 0) latest = await api.post(`/api/products/${product.id}/purchase`, { variantId: variant.id, quantity: variant.stock });
  }
  return latest;
}

test("stock rows keep the server's order while stock and names change, also under a busy simulator", async () => {
  const { page } = env.dashboard;
  const api = env.stack.api('alice');
  const serverOrder = [...(await api.products()).keys()];
  assert.deepEqual(
    serverOrder,
    [...serverOrder].sort((a, b) => number(a) - number(b)),
    'the server lists products by number',
  );
  assert.deepEqual(await rowIds(), serverOrder, "the table is not in the server's order");

  const products = [...(await api.products()).values()];
  const soldOut = await sellOut(api, products[20]);
  await api.patch(`/api/products/${products[30].id}`, { name: 'AAA First By Name' });
  await eventually(
    `${soldOut.id} shows 0 and ${products[30].id} its new name`,
    async () => {
      assert.equal((await readRow(page, soldOut.id))?.stock, 0);
      assert.equal((await readRow(page, products[30].id))?.name, 'AAA First By Name');
      return true;
    },
    { timeoutMs: 5_000 },
  );
  assert.deepEqual(await rowIds(), serverOrder, 'a stock or name change moved a row');

  // A busy simulator: the rows never move.
  await api.setSimRate(30);
  try {
    const started = Date.now();
    let samples = 0;
    while (Date.now() - started < 4_000) {
      assert.deepEqual(await rowIds(), serverOrder, `the rows moved after ${Date.now() - started} ms of simulator traffic`);
      samples++;
      await sleep(100);
    }
    assert.ok(samples > 10);
  } finally {
    await api.setSimRate(0);
  }
});

test('Buy under a busy simulator buys the product of the row the pointer aimed at', async () => {
  const { page } = env.dashboard;
  const api = env.stack.api('alice');
  await api.setSimRate(30);
  try {
    for (const index of [3, 9]) {
      const aimedId = (await rowIds())[index];
      const buy = page.locator('tr[data-product]').nth(index).locator('[data-testid=buy]');
      await buy.hover();
      await sleep(700); // a person's aim-then-click
      const clicked = await buy.evaluate((button) => button.closest('tr').getAttribute('data-product'));
      await buy.click();
      assert.equal(clicked, aimedId, `aimed at ${aimedId}, the button under the pointer was ${clicked}'s`);
    }
  } finally {
    await api.setSimRate(0);
  }
});

test('"Lowest stock" is a sort the user picks, and it waits while the pointer is over the table', async () => {
  const { page } = env.dashboard;
  const api = env.stack.api('alice');
  await page.mouse.move(5, 5);
  await page.locator('[data-sort=stock]').click();
  await page.mouse.move(5, 5);
  const byStock = async () => {
    const products = await api.products();
    return [...products.values()].sort((a, b) => a.stock - b.stock || a.name.localeCompare(b.name)).map((product) => product.id);
  };
  await eventually(
    'the table is sorted by stock, lowest first',
    async () => {
      assert.deepEqual(await rowIds(), await byStock());
      return true;
    },
    { timeoutMs: 5_000 },
  );

  // The pointer rests on a row; a product then sells out: nothing moves until the pointer leaves.
  await page.locator('tr[data-product]').nth(12).hover();
  const held = await rowIds();
  const candidates = [...(await api.products()).values()].filter((product) => product.stock > 0 && held.indexOf(product.id) > 15);
  const target = await sellOut(api, candidates[0]);
  await eventually(
    `${target.id} shows stock 0 in its old place, and the table says its order is held`,
    async () => {
      assert.equal((await readRow(page, target.id))?.stock, 0);
      assert.equal(await page.locator('[data-testid=order-held]').count(), 1);
      return true;
    },
    { timeoutMs: 5_000 },
  );
  await sleep(300);
  assert.deepEqual(await rowIds(), held, 'a row moved while the pointer was over the table');

  await page.mouse.move(5, 5);
  await eventually(
    'once the pointer left, the table re-sorts by stock',
    async () => {
      assert.deepEqual(await rowIds(), await byStock());
      assert.equal(await page.locator('[data-testid=order-held]').count(), 0);
      return true;
    },
    { timeoutMs: 3_000 },
  );
  await page.locator('[data-sort=id]').click();
  await eventually(
    "back in the server's order",
    async () => {
      assert.deepEqual(await rowIds(), [...(await api.products()).keys()]);
      return true;
    },
    { timeoutMs: 3_000 },
  );
});

test('a status column shows its newest orders even when they are not among the 100 newest, and follows them live', async () => {
  const { page } = env.dashboard;
  const api = env.stack.api('alice');
  const [product] = (await api.products()).values();
  const delivered = await api.createOrder(product);
  for (const status of ['confirmed', 'shipped', 'delivered']) await api.setOrderStatus(delivered.id, status);
  const old = await api.createOrder(product);
  for (let i = 0; i < 101; i++) await api.createOrder(product);
  const newest = await api.get('/api/orders?pageSize=100');
  assert.ok(!newest.items.some((order) => order.id === delivered.id || order.id === old.id), 'the test orders are still among the 100 newest');

  await page.reload();
  await eventually(
    `after a reload, the delivered column shows ${delivered.id} and every column equals the server's newest 4 of its status`,
    async () => {
      const shown = await readOrders(page);
      assert.ok(shown.delivered.includes(delivered.id), JSON.stringify(shown));
      for (const status of Object.keys(shown)) {
        const server = await api.get(`/api/orders?status=${status}&pageSize=4`);
        assert.deepEqual(
          shown[status],
          server.items.map((order) => order.id),
          `${status} column`,
        );
      }
      return true;
    },
    { timeoutMs: 15_000 },
  );

  // An old pending order moves on: it leaves "pending" and leads "confirmed" without a reload.
  await api.setOrderStatus(old.id, 'confirmed');
  await eventually(
    `${old.id} shows in the confirmed column, first`,
    async () => {
      const shown = await readOrders(page);
      assert.equal(shown.confirmed[0], old.id, JSON.stringify(shown));
      assert.ok(!shown.pending.includes(old.id));
      return true;
    },
    { timeoutMs: 5_000 },
  );
});

test("after a reload the orders-per-minute chart equals the server's counts, and pushed orders add to it exactly once", async () => {
  const { page } = env.dashboard;
  const api = env.stack.api('alice');
  const chartSum = async () => Number(await page.locator('[data-testid=orders-chart]').getAttribute('data-sum', { timeout: 2_000 }));
  const serverSum = async () => (await api.get('/api/orders/per-minute')).minutes.reduce((sum, minute) => sum + minute.count, 0);
  await page.reload();
  await eventually(
    "the chart sums to the server's orders of the last 15 minutes (over 100: more than one page of orders)",
    async () => {
      const [shown, server] = [await chartSum(), await serverSum()];
      assert.equal(shown, server);
      assert.ok(shown > 100, `only ${shown} orders in the last 15 minutes`);
      return true;
    },
    { timeoutMs: 10_000 },
  );
  const [product] = (await api.products()).values();
  const before = await chartSum();
  for (let i = 0; i < 2; i++) await api.createOrder(product);
  await eventually(
    'the chart counts the 2 pushed orders once each',
    async () => {
      assert.equal(await chartSum(), before + 2);
      assert.equal(await chartSum(), await serverSum());
      return true;
    },
    { timeoutMs: 5_000 },
  );
  assert.match(await page.locator('app-charts-panel').textContent(), /\d+ this minute/);
});
