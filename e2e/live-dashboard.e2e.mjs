// What makes the dashboard readable at a glance: charts that grow as pushed events arrive, changed
// cells that flash, low-stock alerts that fire and clear, order counts from the server's totals,
// Edit with focus and Save / Cancel, and a purchase while the server is down reported as
// "unreachable", never as "refused".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { badgeText, readRow, useQuietDashboard } from './support/dashboard.mjs';
import { eventually, sleep } from './support/wait.mjs';

const env = useQuietDashboard();

/** The data attributes the chart component keeps on its host: number of points, their sum, the last value. */
async function chart(testId) {
  const host = env.dashboard.page.locator(`[data-testid=${testId}]`);
  const [points, sum, last] = await Promise.all(['data-points', 'data-sum', 'data-last'].map((name) => host.getAttribute(name, { timeout: 2_000 })));
  const canvas = await host.locator('canvas').count();
  return { points: Number(points), sum: Number(sum), last: last === null ? null : Number(last), canvas };
}

/** Sells `units` of `product` through REST, variant by variant; resolves to the product afterwards. */
async function sell(api, product, units) {
  let left = units;
  let latest = product;
  for (const variant of product.variants) {
    const quantity = Math.min(left, variant.stock);
    if (quantity === 0) continue;
    latest = await api.post(`/api/products/${product.id}/purchase`, { variantId: variant.id, quantity });
    left -= quantity;
  }
  assert.equal(left, 0, `${product.id} had fewer than ${units} units`);
  return latest;
}

test('the orders chart grows as pushed order events arrive, and the revenue chart follows the server', async () => {
  const api = env.stack.api('alice');
  await eventually('the charts are drawn (uPlot canvas)', async () => (await chart('orders-chart')).canvas > 0 && (await chart('revenue-chart')).canvas > 0, { timeoutMs: 10_000 });
  const before = await chart('orders-chart');
  const [product] = (await api.products()).values();
  const created = [];
  for (let i = 0; i < 3; i++) created.push(await api.createOrder(product));
  await eventually(
    'the orders-per-minute chart counts the 3 new orders',
    async () => {
      const now = await chart('orders-chart');
      assert.equal(now.sum, before.sum + 3, `chart sum ${now.sum}, was ${before.sum}`);
      return true;
    },
    { timeoutMs: 5_000 },
  );

  const revenueBefore = await chart('revenue-chart');
  await api.setOrderStatus(created[0].id, 'confirmed');
  const metrics = await api.get('/api/metrics');
  await eventually(
    "the revenue chart gains a point with the server's new revenue",
    async () => {
      const now = await chart('revenue-chart');
      assert.ok(now.points > revenueBefore.points, `still ${now.points} points`);
      assert.equal(now.last, metrics.revenue);
      return true;
    },
    { timeoutMs: 5_000 },
  );
  const shown = (await env.dashboard.page.locator('[data-testid=revenue]').textContent()).trim();
  assert.equal(shown, new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(metrics.revenue));
});

test('a cell that changed flashes briefly; the cells that did not change do not', async () => {
  const { page } = env.dashboard;
  const api = env.stack.api('alice');
  const product = [...(await api.products()).values()].find((candidate) => candidate.stock > candidate.lowStockThreshold + 3);
  const cell = (field) => page.locator(`tr[data-product="${product.id}"] [data-testid=${field}]`);
  await eventually(`${product.id}: nothing flashes before the change`, async () => !(await cell('stock').getAttribute('class'))?.includes('flash'), { timeoutMs: 3_000 });
  const bought = await sell(api, product, 1);
  await eventually(
    `${product.id}: the stock cell flashes with the new stock ${bought.stock}`,
    async () => {
      const row = await readRow(page, product.id);
      assert.equal(row.stock, bought.stock);
      assert.match((await cell('stock').getAttribute('class')) ?? '', /\bflash\b/);
      return true;
    },
    { timeoutMs: 5_000, intervalMs: 20 },
  );
  assert.doesNotMatch((await cell('price').getAttribute('class')) ?? '', /\bflash\b/, 'the price did not change but flashes');
  assert.doesNotMatch((await cell('name').getAttribute('class')) ?? '', /\bflash\b/, 'the name did not change but flashes');
  const others = await page.$$eval(`tr[data-product]:not([data-product="${product.id}"]) .flash`, (cells) => cells.length);
  assert.equal(others, 0, 'cells of other rows flash');
  await eventually(`${product.id}: the flash ends`, async () => !/\bflash\b/.test((await cell('stock').getAttribute('class')) ?? ''), { timeoutMs: 4_000 });
});

test('a low-stock alert appears when a product falls to its threshold and clears when it is restocked', async () => {
  const { page } = env.dashboard;
  const api = env.stack.api('alice');
  const product = [...(await api.products()).values()].find((candidate) => candidate.stock > candidate.lowStockThreshold + 2);
  const alert = page.locator(`[data-alert="${product.id}"]`);
  const lowCount = async () => Number((await page.locator('[data-testid=low-count]').textContent()).trim());
  assert.equal(await alert.count(), 0, `${product.id} already has an alert`);
  const countBefore = await lowCount();

  const low = await sell(api, product, product.stock - product.lowStockThreshold);
  assert.equal(low.stock, product.lowStockThreshold);
  await eventually(
    `an alert for ${product.name} shows with its stock`,
    async () => {
      assert.equal(await alert.count(), 1);
      assert.match(await alert.textContent(), new RegExp(`${product.name}\\s*${low.stock} left \\(threshold ${product.lowStockThreshold}\\)`));
      assert.equal(await lowCount(), countBefore + 1);
      assert.equal(await alert.getAttribute('role'), 'alert');
      return true;
    },
    { timeoutMs: 5_000 },
  );
  assert.equal(await lowCount(), (await api.get('/api/metrics')).lowStockCount, "the low-stock figure equals the server's");

  const restocked = await api.post(`/api/products/${product.id}/restock`, { variantId: product.variants[0].id, quantity: 20 });
  await eventually(
    `the alert for ${product.name} clears after the restock to ${restocked.stock}`,
    async () => {
      assert.equal(await alert.count(), 0, 'the alert is still there');
      assert.match(await page.locator(`[data-cleared-alert="${product.id}"]`).textContent(), new RegExp(`${product.name} restocked: ${restocked.stock} in stock`));
      assert.equal(await lowCount(), countBefore);
      return true;
    },
    { timeoutMs: 5_000 },
  );
});

test("order counts per status come from the server's totals, and order cards say what the order is", async () => {
  const { page } = env.dashboard;
  const api = env.stack.api('alice');
  const [product] = (await api.products()).values();
  const order = await api.createOrder(product, 2);
  await eventually(
    'every status column shows the count of GET /api/orders/totals',
    async () => {
      const totals = await api.get('/api/orders/totals');
      const shown = await page.$$eval('[data-status]', (columns) =>
        Object.fromEntries(columns.map((column) => [column.getAttribute('data-status'), Number(column.querySelector('[data-testid=status-count]').textContent)])),
      );
      assert.deepEqual(shown, totals.statusCounts);
      return true;
    },
    { timeoutMs: 5_000 },
  );
  const card = page.locator(`[data-order="${order.id}"]`);
  await eventually(
    `the card of ${order.id} shows its number, items, total and status time`,
    async () => {
      const text = (await card.innerText()).replace(/\s+/g, ' ');
      const total = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(order.total);
      assert.match(text, new RegExp(`#${order.id.slice(2)} \\${total} 2× ${product.name} \\d+ s ago`));
      // Nothing is cut off: the items and the time are whole, and the card's title says it all.
      const clipped = await card.evaluate((element) => [...element.children].filter((line) => line.scrollWidth > line.clientWidth + 1).map((line) => line.textContent));
      assert.deepEqual(clipped, [], 'a line of the card is cut off');
      assert.match(await card.getAttribute('title'), new RegExp(`2× ${product.name}[\\s\\S]*pending at`));
      return true;
    },
    { timeoutMs: 5_000 },
  );
});

test('Edit focuses the name input; Cancel keeps the name, Save saves it', async () => {
  const { page } = env.dashboard;
  const api = env.stack.api('alice');
  const [product] = (await api.products()).values();
  const row = page.locator(`tr[data-product="${product.id}"]`);
  await row.locator('[data-testid=edit]').click();
  await eventually('the name input has the focus', () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'name-input'), { timeoutMs: 2_000 });
  await page.keyboard.type(' (draft)');
  await row.locator('[data-testid=cancel]').click();
  assert.equal((await row.locator('[data-testid=name]').textContent()).trim(), product.name, 'Cancel changed the name');

  await row.locator('[data-testid=edit]').click();
  const input = row.locator('[data-testid=name-input]');
  await input.fill(`${product.name} XL`);
  await row.locator('[data-testid=save]').click();
  await eventually(
    `the server has the new name of ${product.id}`,
    async () => {
      assert.equal((await api.product(product.id)).name, `${product.name} XL`);
      assert.equal((await readRow(page, product.id)).name, `${product.name} XL`);
      return true;
    },
    { timeoutMs: 5_000 },
  );
});

test('Buy sells exactly one unit: the stock drops at once and stays equal to the server afterwards', async () => {
  const { page } = env.dashboard;
  const product = [...(await env.stack.api().products()).values()].find((candidate) => candidate.stock > 3);
  const before = await readRow(page, product.id);
  await page.locator(`tr[data-product="${product.id}"] [data-testid=buy]`).click();
  await eventually('the row shows one unit fewer', async () => (await readRow(page, product.id)).stock === before.stock - 1, { timeoutMs: 5_000, intervalMs: 50 });
  await eventually('the server sold one unit', async () => (await env.stack.api().product(product.id)).stock === before.stock - 1, { timeoutMs: 5_000 });
  await sleep(500); // the metrics refetch and the pushed update land; the layer is committed, not applied twice
  assert.equal((await readRow(page, product.id)).stock, before.stock - 1, 'the row no longer equals the server');
  assert.equal(await page.locator('[data-testid=stock-message]').count(), 0, 'a successful purchase showed a message');
});

test('Buy while the server is down says the server is unreachable (not "refused"), restores the stock and the message goes away', async () => {
  const { page } = env.dashboard;
  const product = [...(await env.stack.api().products()).values()].find((candidate) => candidate.stock > 3);
  const before = await readRow(page, product.id);
  await env.stack.stopServer();
  await eventually('the badge says Offline', async () => (await badgeText(page)) === 'Offline', { timeoutMs: 10_000 });
  await page.locator(`tr[data-product="${product.id}"] [data-testid=buy]`).click();
  const message = page.locator('[data-testid=stock-message]');
  await eventually(
    'a message says the server is unreachable',
    async () => {
      const text = await message.textContent({ timeout: 500 });
      assert.match(text, /unreachable/);
      assert.doesNotMatch(text, /refused/);
      assert.match(text, new RegExp(product.name));
      return true;
    },
    { timeoutMs: 5_000 },
  );
  assert.equal((await readRow(page, product.id)).stock, before.stock, 'the optimistic decrement was not rolled back');
  await eventually('the message goes away by itself', async () => (await message.count()) === 0, { timeoutMs: 12_000, intervalMs: 250 });
  await env.stack.restartServer();
  await eventually('the badge says Live again', async () => (await badgeText(page)) === 'Live', { timeoutMs: 20_000 });
  await sleep(200);
  assert.equal((await env.stack.api().product(product.id)).stock, before.stock, 'the server sold a unit while it was down');
});
