// The page is opened while the reference server is down: it says so (no Live badge, no empty
// table passing for data), offers a retry, and recovers by itself once the server is back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { badgeText, diffWithServer, PRODUCT_COUNT, readRows } from './support/dashboard.mjs';
import { startStack } from './support/stack.mjs';
import { eventually } from './support/wait.mjs';

let stack;
let context;
let page;

before(async () => {
  stack = await startStack({ simRate: 0 });
  await stack.stopServer();
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});

after(async () => {
  await context?.close().catch(() => undefined);
  await stack?.close();
});

test('opened while the server is down, the page shows the failure, never a Live badge over nothing', async () => {
  const badges = new Set();
  const opened = Date.now();
  await page.goto(stack.demoUrl, { timeout: 15_000 });
  await eventually(
    'the stock panel says the products could not be loaded, with a Retry button',
    async () => {
      badges.add(await badgeText(page));
      const status = await page.locator('[data-testid=stock-status]').textContent({ timeout: 500 });
      assert.match(status, /could not be loaded: the server is unreachable/);
      assert.equal(await page.locator('[data-testid=reload]').count(), 1);
      return true;
    },
    { timeoutMs: 25_000, intervalMs: 100 },
  );
  const failedAfter = Date.now() - opened;
  assert.ok(failedAfter < 6_000, `the failure took ${failedAfter} ms to show (one quick retry, not a long amber phase)`);
  // Nothing claims the stock is fine while it is unknown.
  assert.equal(await page.locator('[data-testid=low-count]').count(), 0, 'a low-stock count shows while the products are not loaded');
  assert.equal((await page.locator('[data-testid=low-count-unknown]').textContent()).trim(), 'unknown');
  assert.equal(await page.locator('[data-testid=no-alerts]').count(), 0, '"every product is above its threshold" while the stock is unknown');
  assert.match(await page.locator('[data-testid=alerts-unknown]').textContent(), /could not be loaded/);
  await eventually('the orders chart says its counts could not be loaded', async () => /could not be loaded/.test(await page.locator('[data-testid=orders-chart]').textContent()), {
    timeoutMs: 8_000,
    intervalMs: 100,
  });
  await eventually(
    'the badge says "Server unreachable" with a hint',
    async () => {
      assert.equal(await badgeText(page), 'Server unreachable');
      assert.match(await page.locator('[data-testid=connection-hint]').textContent(), /cannot be reached/);
      return true;
    },
    { timeoutMs: 5_000 },
  );
  assert.equal(await page.locator('tr[data-product]').count(), 0);
  await eventually(
    'the orders panel says the orders could not be loaded',
    async () => {
      assert.match(await page.locator('[data-testid=orders-status]').textContent({ timeout: 500 }), /could not be loaded/);
      return true;
    },
    { timeoutMs: 15_000, intervalMs: 100 },
  );
  assert.ok(!badges.has('Live'), `the badge said Live over an empty page: ${[...badges].join(', ')}`);
  // Retry while still down: the button shows it is retrying, then the failure stays, honestly.
  // Every text the status shows is recorded: a refused connection can end the retry before a read.
  await page.evaluate(() => {
    window.__stockStatusTexts = [];
    const record = () => window.__stockStatusTexts.push(document.querySelector('[data-testid=stock-status]')?.textContent ?? '');
    new MutationObserver(record).observe(document.body, { childList: true, subtree: true, characterData: true });
  });
  await page.locator('[data-testid=reload]').click();
  await eventually('the status says it is retrying', async () => (await page.evaluate(() => window.__stockStatusTexts)).some((text) => /Retrying/.test(text)), {
    timeoutMs: 5_000,
    intervalMs: 50,
  });
  await eventually(
    'after the retry, the failure shows again',
    async () => /could not be loaded/.test(await page.locator('[data-testid=stock-status]').textContent({ timeout: 500 })),
    { timeoutMs: 8_000, intervalMs: 100 },
  );
  assert.notEqual(await badgeText(page), 'Live');
});

test("once the server is back, the page recovers by itself and shows exactly the server's products", async () => {
  await stack.restartServer();
  await eventually(
    `the dashboard shows ${PRODUCT_COUNT} products and the badge says Live`,
    async () => {
      assert.equal(await page.locator('tr[data-product]').count(), PRODUCT_COUNT);
      assert.equal(await badgeText(page), 'Live');
      return true;
    },
    { timeoutMs: 30_000, intervalMs: 200 },
  );
  assert.equal(await page.locator('[data-testid=stock-status]').count(), 0, 'the failure message is still shown');
  await eventually(
    'the low-stock figure and the alerts are back',
    async () => {
      assert.equal(Number(await page.locator('[data-testid=low-count]').textContent({ timeout: 500 })), (await stack.api().get('/api/metrics')).lowStockCount);
      assert.equal(await page.locator('[data-testid=alerts-unknown]').count(), 0);
      return true;
    },
    { timeoutMs: 5_000 },
  );
  const differences = diffWithServer(await readRows(page), await stack.api().products());
  assert.deepEqual(differences, [], differences.join('\n'));
  await eventually('the order columns load too', async () => (await page.locator('[data-order]').count()) > 0, { timeoutMs: 10_000 });
});
