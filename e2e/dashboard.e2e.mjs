// The dashboard loads from the reference server and follows server-side changes live, without
// a reload; and a full-page screenshot of it for the test artifacts and the README.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { diffWithServer, openDashboard, orderStatusOnScreen, PRODUCT_COUNT, readActivity, readRow, readRows, badgeText } from './support/dashboard.mjs';
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
  await eventually(`${product.id} shows stock ${bought.stock} (version ${bought.version}) after the purchase`, async () => {
    const row = await readRow(page, product.id);
    assert.deepEqual({ stock: row?.stock, version: row?.version }, { stock: bought.stock, version: bought.version });
    return true;
  }, { timeoutMs: 5_000 });

  const restocked = await api.post(`/api/products/${product.id}/restock`, { variantId: variant.id, quantity: 25 });
  assert.equal(restocked.stock, bought.stock + 25);
  await eventually(`${product.id} shows stock ${restocked.stock} (version ${restocked.version}) after the restock`, async () => {
    const row = await readRow(page, product.id);
    assert.deepEqual({ stock: row?.stock, version: row?.version }, { stock: restocked.stock, version: restocked.version });
    return true;
  }, { timeoutMs: 5_000 });

  await eventually('the activity feed lists both stock events', async () => {
    const activity = await readActivity(page);
    for (const version of [bought.version, restocked.version]) {
      assert.ok(activity.some((line) => line.startsWith(`products ${product.id} v${version}:`)), `no "products ${product.id} v${version}" in ${JSON.stringify(activity)}`);
    }
    return true;
  }, { timeoutMs: 3_000 });
  await assertNoReload();
});

test('orders created and moved through REST appear live in their status column', async () => {
  const { page } = dashboard;
  const api = stack.api('alice');
  const [product] = (await api.products()).values();
  const order = await api.createOrder(product, 2);
  assert.equal(order.status, 'pending');
  assert.equal(order.userId, 'alice');

  await eventually(`order ${order.id} shows in the pending column`, async () => {
    assert.equal(await orderStatusOnScreen(page, order.id), 'pending');
    return true;
  }, { timeoutMs: 5_000 });
  for (const status of ['confirmed', 'shipped']) {
    const moved = await api.setOrderStatus(order.id, status);
    assert.equal(moved.status, status);
    await eventually(`order ${order.id} moves to the ${status} column`, async () => {
      assert.equal(await orderStatusOnScreen(page, order.id), status);
      return true;
    }, { timeoutMs: 5_000 });
  }
  await assertNoReload();
});

test('a full-page screenshot of the live dashboard is saved', async (t) => {
  const { page } = dashboard;
  // A few seconds of simulated traffic so the activity feed, orders and metrics look alive.
  await stack.api().setSimRate(4);
  await sleep(2_500);
  await stack.api().setSimRate(0);
  await eventually('the dashboard shows revenue, products and the Live badge', async () => {
    assert.equal(await badgeText(page), 'Live');
    assert.equal((await readRows(page)).length, PRODUCT_COUNT);
    assert.ok(await page.locator('[data-testid=revenue]').isVisible(), 'no revenue shown');
    return true;
  }, { timeoutMs: 8_000 });
  await assertNoReload();

  await mkdir(RESULTS, { recursive: true });
  const file = join(RESULTS, 'dashboard.png');
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled', timeout: 10_000 });
  const png = await readFile(file);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.equal(width, 1280, 'the screenshot has the viewport width');
  assert.ok(height >= 900, `a full-page screenshot is at least the viewport height, got ${height}`);

  // The README's copy is refreshed only on request, so a test run leaves the working tree clean.
  if (process.env.E2E_UPDATE_SCREENSHOT === '1' || !(await stat(DOCS_SCREENSHOT).catch(() => undefined))) {
    await mkdir(join(REPO_ROOT, 'docs', 'images'), { recursive: true });
    await copyFile(file, DOCS_SCREENSHOT);
  }
  t.diagnostic(`dashboard screenshot (${width}x${height}): e2e/results/dashboard.png`);
});
