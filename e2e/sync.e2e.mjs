// The cache equals the server after any schedule, in a real browser against the real server:
// fresh page loads while the simulator is busy, a page opened while the server is down, and a
// server SIGKILLed and restarted with its history lost.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { badgeText, diffWithServer, openDashboard, PRODUCT_COUNT, readOrders, readRows } from './support/dashboard.mjs';
import { startStack } from './support/stack.mjs';
import { eventually, sleep } from './support/wait.mjs';

const BUSY_RATE = 50;
// 8 in the test run (each load takes a few seconds on 2 cores); E2E_FRESH_LOADS=50 for a longer run.
const FRESH_LOADS = Number(process.env.E2E_FRESH_LOADS ?? 8);
const OUTAGE_MS = 10_000;

let stack;

before(async () => {
  stack = await startStack({ simRate: BUSY_RATE });
});

after(async () => {
  await stack?.close();
});

/** Differences between what the page shows (stock table, order columns) and the server; empty when equal. */
async function screenVersusServer(page, user = 'alice') {
  const api = stack.api(user);
  const differences = diffWithServer(await readRows(page), await api.products());
  for (const [status, ids] of Object.entries(await readOrders(page))) {
    for (const id of ids) {
      const order = await api.get(`/api/orders/${encodeURIComponent(id)}`, { expect: [200, 404] });
      if (order?.status !== status) differences.push(`order ${id} is shown ${status}, the server says ${order?.status ?? 'it does not exist'}`);
    }
  }
  return differences;
}

async function assertEqualsServer(page, what, timeoutMs) {
  await eventually(
    what,
    async () => {
      const differences = await screenVersusServer(page);
      if (differences.length > 0) throw new Error(differences.slice(0, 10).join('\n'));
      return true;
    },
    { timeoutMs, intervalMs: 200 },
  );
}

test(`${FRESH_LOADS} fresh page loads during a busy simulator each end equal to the server once it pauses`, async () => {
  for (let load = 1; load <= FRESH_LOADS; load++) {
    await stack.api().setSimRate(BUSY_RATE);
    const dashboard = await openDashboard(stack, { user: 'alice' });
    try {
      await sleep(200 + ((load * 397) % 1500)); // the simulator goes on for a while after the load
      await stack.api().setSimRate(0);
      await assertEqualsServer(dashboard.page, `load ${load} shows what the server has once the simulator paused`, 5_000);
    } finally {
      await dashboard.context.close();
    }
  }
});

test(`a page opened while the server is down for ${OUTAGE_MS / 1000} s loads its table once it is back, never showing Live over an empty table`, async () => {
  await stack.api().setSimRate(0);
  await stack.stopServer();
  const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  try {
    await page.goto(stack.demoUrl, { timeout: 15_000 });
    const sample = async () => ({ badge: await badgeText(page).catch(() => undefined), rows: await page.locator('tr[data-product]').count() });
    const seen = [];
    const started = Date.now();
    while (Date.now() - started < OUTAGE_MS) {
      seen.push(await sample());
      await sleep(250);
    }
    await stack.restartServer();
    await eventually(
      'the table loads and the badge says Live after the server is back',
      async () => {
        const now = await sample();
        seen.push(now);
        return now.rows === PRODUCT_COUNT && now.badge === 'Live';
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    const liveOverNothing = seen.filter(({ badge, rows }) => badge === 'Live' && rows === 0);
    assert.deepEqual(liveOverNothing, [], 'the badge said Live over an empty table');
    assert.ok(
      seen.some(({ badge }) => badge !== 'Live'),
      'the badge never showed the outage',
    );
    await assertEqualsServer(page, 'the page shows what the server has', 5_000);
  } finally {
    await context.close();
  }
});

test('the server SIGKILLed and restarted with its history lost: the screen equals the server within 2 s of Live', async () => {
  await stack.api().setSimRate(BUSY_RATE);
  const dashboard = await openDashboard(stack, { user: 'alice' });
  try {
    await sleep(1500);
    await stack.crashServer();
    await eventually('the badge leaves Live', async () => (await badgeText(dashboard.page)) !== 'Live', { timeoutMs: 10_000 });
    await stack.restartServer({ lostHistory: true });
    await eventually('the badge says Live again', async () => (await badgeText(dashboard.page)) === 'Live', { timeoutMs: 20_000, intervalMs: 50 });
    await assertEqualsServer(dashboard.page, 'the screen equals the restarted server within 2 s of Live', 2_000);
  } finally {
    await dashboard.context.close();
  }
});

test("?feed=foreign runs the dashboard on the backend's own SSE feed through mapMessage, equal to the server", async () => {
  await stack.api().setSimRate(BUSY_RATE);
  const dashboard = await openDashboard(stack, { user: 'alice', query: '?feed=foreign' });
  try {
    assert.deepEqual(dashboard.sockets, [], 'the foreign feed mode opened a WebSocket');
    await sleep(3000);
    await stack.api().setSimRate(0);
    await assertEqualsServer(dashboard.page, 'the dashboard on the foreign feed shows what the server has', 8_000);
    // That feed says only that something changed: the activity feed says what, from the reloaded list.
    const api = stack.api('alice');
    const product = [...(await api.products()).values()].find((candidate) => candidate.variants.some((variant) => variant.stock >= 2));
    const variant = product.variants.find((candidate) => candidate.stock >= 2);
    const bought = await api.post(`/api/products/${product.id}/purchase`, { variantId: variant.id, quantity: 2 });
    await eventually(
      `the activity feed says ${product.name} sold 2`,
      async () => {
        const lines = await dashboard.page.$$eval('[data-testid=activity]', (items) => items.map((item) => item.textContent.trim()));
        assert.ok(
          lines.some((line) => line.endsWith(`${product.name}: sold 2, stock ${product.stock} → ${bought.stock}`)),
          JSON.stringify(lines.slice(0, 8)),
        );
        assert.ok(!lines.some((line) => /reloading them/.test(line)), 'a line says only that something changed');
        return true;
      },
      { timeoutMs: 8_000 },
    );
  } finally {
    await dashboard.context.close();
  }
});
