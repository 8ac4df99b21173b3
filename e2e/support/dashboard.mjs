// Reading the demo dashboard (projects/demo) from a Playwright page.
import { after, before } from 'node:test';
import { startStack } from './stack.mjs';
import { eventually } from './wait.mjs';

export const PRODUCT_COUNT = 40;

/**
 * For a test file: before its tests, a stack with the simulator stopped and alice's dashboard at
 * 1280x800; after them, both closed. Returns `{ stack, dashboard }`, filled once the tests run.
 */
export function useQuietDashboard() {
  const env = {};
  before(async () => {
    env.stack = await startStack({ simRate: 0 });
    env.dashboard = await openDashboard(env.stack, { user: 'alice', viewport: { width: 1280, height: 800 } });
  });
  after(async () => {
    await env.dashboard?.context.close().catch(() => undefined);
    await env.stack?.close();
  });
  return env;
}

/**
 * Opens the dashboard as `user` in a fresh browser context and waits until the stock table
 * shows every product and the badge says Live. Console errors and page errors are collected
 * in `problems` for failure messages; the URLs of the WebSockets it opens, in `sockets`.
 */
export async function openDashboard(stack, { user = 'alice', viewport = { width: 1280, height: 900 }, query = '' } = {}) {
  const context = await stack.browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  const sockets = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  const params = new URLSearchParams(query);
  if (user !== 'alice') params.set('user', user);
  await page.goto(`${stack.demoUrl}${params.size ? `?${params}` : ''}`, { timeout: 15_000 });
  await eventually(
    `the dashboard (as ${user}) shows ${PRODUCT_COUNT} products and the badge says Live`,
    async () => {
      const rows = await page.locator('tr[data-product]').count();
      const badge = await badgeText(page);
      if (rows !== PRODUCT_COUNT || badge !== 'Live') throw new Error(`${rows} product rows, badge "${badge}"${problems.length ? `; ${problems.join('; ')}` : ''}`);
      return true;
    },
    { timeoutMs: 15_000 },
  );
  return { context, page, problems, sockets };
}

/** The connection badge's text: Live, Connecting or Offline. */
export async function badgeText(page) {
  return (await page.locator('[data-testid=connection]').textContent({ timeout: 2_000 }))?.trim();
}

/** The number in "N pending". */
export async function pendingCount(page) {
  const text = (await page.locator('[data-testid=pending-count]').textContent({ timeout: 2_000 })) ?? '';
  const match = /(\d+)\s+pending/.exec(text);
  if (!match) throw new Error(`pending count reads "${text.trim()}"`);
  return Number(match[1]);
}

/** Every row of the stock table: { id, version, name, stock }. */
export function readRows(page) {
  return page.$$eval('tr[data-product]', (rows) =>
    rows.map((row) => ({
      id: row.getAttribute('data-product'),
      version: Number(row.getAttribute('data-version')),
      name: (row.querySelector('[data-testid=name]')?.textContent ?? row.querySelector('input')?.value ?? '').trim(),
      stock: Number.parseInt(row.querySelector('[data-testid=stock]')?.textContent ?? '', 10),
    })),
  );
}

/** One row of the stock table, or undefined. */
export async function readRow(page, id) {
  return (await readRows(page)).find((row) => row.id === id);
}

/**
 * Compares the stock table with the server's products (a Map id -> product); returns the
 * differences as readable lines (empty when they match).
 */
export function diffWithServer(rows, products) {
  const differences = [];
  if (rows.length !== products.size) differences.push(`${rows.length} rows on screen, ${products.size} products on the server`);
  for (const row of rows) {
    const product = products.get(row.id);
    if (!product) {
      differences.push(`${row.id} is on screen but not on the server`);
      continue;
    }
    for (const field of ['name', 'stock', 'version']) {
      if (row[field] !== product[field]) differences.push(`${row.id} ${field}: screen ${JSON.stringify(row[field])}, server ${JSON.stringify(product[field])}`);
    }
  }
  return differences;
}

/** Ids of the orders shown in the orders panel, by status column. */
export function readOrders(page) {
  return page.$$eval('[data-status]', (columns) =>
    Object.fromEntries(
      columns.map((column) => [column.getAttribute('data-status'), [...column.querySelectorAll('[data-order]')].map((order) => order.getAttribute('data-order'))]),
    ),
  );
}

/** The status column an order is shown in, or undefined. */
export async function orderStatusOnScreen(page, orderId) {
  const columns = await readOrders(page);
  return Object.keys(columns).find((status) => columns[status].includes(orderId));
}
