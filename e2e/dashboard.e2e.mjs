// The dashboard loads from the reference server and follows server-side changes live, without
// a reload; and a full-page screenshot of it for the test artifacts and the README.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { diffWithServer, openDashboard, orderStatusOnScreen, PRODUCT_COUNT, readRow, readRows, badgeText } from './support/dashboard.mjs';
import { REPO_ROOT } from './support/processes.mjs';
import { startStack } from './support/stack.mjs';
import { eventually, sleep } from './support/wait.mjs';

const RESULTS = join(REPO_ROOT, 'e2e', 'results');
const DOCS_SCREENSHOT = join(REPO_ROOT, 'docs', 'images', 'dashboard.png');

let stack;
let dashboard;
let navigations = 0;

before(async () => {
  stack = await startStack({ simRate: 0 });
  dashboard = await openDashboard(stack, { user: 'alice' });
  dashboard.page.on('framenavigated', (frame) => {
    if (frame === dashboard.page.mainFrame()) navigations++;
  });
  // A marker that a reload would erase.
  await dashboard.page.evaluate(() => (window.__e2eMarker = 'no reload'));
});

after(async () => {
  await dashboard?.context.close().catch(() => undefined);
  await stack?.close();
});

/** Fails when the page reloaded or navigated since it was opened. */
async function assertNoReload() {
  assert.equal(navigations, 0, 'the page navigated: live updates must arrive without a reload');
  assert.equal(await dashboard.page.evaluate(() => window.__e2eMarker), 'no reload', 'the page was reloaded');
}

test('the dashboard loads every product from the server and the badge says Live', async () => {
  const { page } = dashboard;
  const rows = await readRows(page);
  assert.equal(rows.length, PRODUCT_COUNT, `expected ${PRODUCT_COUNT} product rows`);
  assert.equal(await badgeText(page), 'Live');
  const differences = diffWithServer(rows, await stack.api().products());
  assert.deepEqual(differences, [], `the stock table differs from GET /api/products:\n${differences.join('\n')}`);
});

test('purchases and restocks made through REST appear live in the stock table', async () => {
  const { page } = dashboard;
  const api = stack.api('alice');
  const products = [...(await api.products()).values()];
  const product = products.find((candidate) => candidate.variants.some((variant) => variant.stock >= 3));
  assert.ok(product, 'no product with a variant holding 3 units');
  const variant = product.variants.find((candidate) => candidate.stock >= 3);

  const bought = await api.post(`/api/products/${product.id}/purchase`, { variantId: variant.id, quantity: 2 });
  assert.equal(bought.stock, product.stock - 2, 'the server did not take 2 units');
  await eventually(
    `${product.id} shows stock ${bought.stock} (version ${bought.version}) after the purchase`,
    async () => {
      const row = await readRow(page, product.id);
      assert.deepEqual({ stock: row?.stock, version: row?.version }, { stock: bought.stock, version: bought.version });
      return true;
    },
    { timeoutMs: 5_000 },
  );

  const restocked = await api.post(`/api/products/${product.id}/restock`, { variantId: variant.id, quantity: 25 });
  assert.equal(restocked.stock, bought.stock + 25);
  await eventually(
    `${product.id} shows stock ${restocked.stock} (version ${restocked.version}) after the restock`,
    async () => {
      const row = await readRow(page, product.id);
      assert.deepEqual({ stock: row?.stock, version: row?.version }, { stock: restocked.stock, version: restocked.version });
      return true;
    },
    { timeoutMs: 5_000 },
  );

  await eventually(
    'the activity feed lists both stock events, by product name and with the stock before and after',
    async () => {
      const lines = await page.$$eval('[data-testid=activity]', (items) =>
        items.map((item) => ({ ref: item.getAttribute('data-ref'), version: Number(item.getAttribute('data-version')), text: item.textContent.trim() })),
      );
      const line = (version) => lines.find((item) => item.ref === `products:${product.id}` && item.version === version)?.text;
      assert.match(line(bought.version) ?? '', new RegExp(`${product.name}: sold 2, stock ${product.stock} → ${bought.stock}$`), JSON.stringify(lines));
      assert.match(line(restocked.version) ?? '', new RegExp(`${product.name}: restocked \\+25, stock ${bought.stock} → ${restocked.stock}$`), JSON.stringify(lines));
      assert.ok(
        lines.every((item) => !/\bp-\d+\b/.test(item.text)),
        `an activity line shows a product id instead of a name: ${JSON.stringify(lines)}`,
      );
      return true;
    },
    { timeoutMs: 3_000 },
  );
  await assertNoReload();
});

test('orders created and moved through REST appear live in their status column', async () => {
  const { page } = dashboard;
  const api = stack.api('alice');
  const [product] = (await api.products()).values();
  const order = await api.createOrder(product, 2);
  assert.equal(order.status, 'pending');
  assert.equal(order.userId, 'alice');

  await eventually(
    `order ${order.id} shows in the pending column`,
    async () => {
      assert.equal(await orderStatusOnScreen(page, order.id), 'pending');
      return true;
    },
    { timeoutMs: 5_000 },
  );
  for (const status of ['confirmed', 'shipped']) {
    const moved = await api.setOrderStatus(order.id, status);
    assert.equal(moved.status, status);
    await eventually(
      `order ${order.id} moves to the ${status} column`,
      async () => {
        assert.equal(await orderStatusOnScreen(page, order.id), status);
        return true;
      },
      { timeoutMs: 5_000 },
    );
  }
  await assertNoReload();
});

test('at 1280x800 the whole dashboard fits without scrolling, orders and alerts included, and a screenshot is saved', async (t) => {
  const { page } = dashboard;
  await page.setViewportSize({ width: 1280, height: 800 });
  // Some simulated traffic so the charts, activity feed, orders and alerts look alive.
  await stack.api().setSimRate(6);
  await sleep(Number(process.env.E2E_SCREENSHOT_TRAFFIC_MS ?? 4_000));
  await stack.api().setSimRate(0);
  await eventually(
    'the dashboard shows revenue, products and the Live badge',
    async () => {
      assert.equal(await badgeText(page), 'Live');
      assert.equal((await readRows(page)).length, PRODUCT_COUNT);
      assert.match((await page.locator('[data-testid=revenue]').textContent()).trim(), /^\$\d{1,3}(,\d{3})*\.\d{2}$/, 'revenue is money: $ and thousands separators');
      return true;
    },
    { timeoutMs: 8_000 },
  );
  await assertNoReload();

  const layout = await page.evaluate(() => {
    const box = (selector) => document.querySelector(selector)?.getBoundingClientRect().toJSON();
    return {
      scrollHeight: document.documentElement.scrollHeight,
      scrollWidth: document.documentElement.scrollWidth,
      orders: box('app-orders-panel'),
      alerts: box('app-alerts-panel'),
      charts: box('app-charts-panel'),
      firstOrder: box('[data-order]'),
    };
  });
  assert.ok(layout.scrollHeight <= 800 && layout.scrollWidth <= 1280, `the page scrolls: ${layout.scrollWidth}x${layout.scrollHeight}`);
  for (const part of ['orders', 'alerts', 'charts', 'firstOrder']) {
    assert.ok(
      layout[part] && layout[part].top >= 0 && layout[part].bottom <= 800 && layout[part].height > 0,
      `${part} is not within the first screen: ${JSON.stringify(layout[part])}`,
    );
  }

  await mkdir(RESULTS, { recursive: true });
  const file = join(RESULTS, 'dashboard.png');
  await page.screenshot({ path: file, animations: 'disabled', timeout: 10_000 });
  const png = await readFile(file);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.deepEqual([width, height], [1280, 800], 'the screenshot is the 1280x800 viewport');

  // The README's copy is refreshed only on request, so a test run leaves the working tree clean.
  if (process.env.E2E_UPDATE_SCREENSHOT === '1' || !(await stat(DOCS_SCREENSHOT).catch(() => undefined))) {
    await mkdir(join(REPO_ROOT, 'docs', 'images'), { recursive: true });
    await copyFile(file, DOCS_SCREENSHOT);
  }
  t.diagnostic(`dashboard screenshot (${width}x${height}): e2e/results/dashboard.png`);
});
