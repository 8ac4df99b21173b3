// The server goes away mid-stream: the dashboard says so, keeps an edit made meanwhile in its
// offline queue (shown at once), and after the server restarts on the same data it syncs the
// edit exactly once and shows exactly the server's state.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { badgeText, diffWithServer, openDashboard, pendingCount, readRow, readRows } from './support/dashboard.mjs';
import { startStack } from './support/stack.mjs';
import { eventually, sleep } from './support/wait.mjs';

let stack;
let dashboard;

before(async () => {
  stack = await startStack({ simRate: 0 });
  dashboard = await openDashboard(stack, { user: 'alice' });
});

after(async () => {
  await dashboard?.context.close().catch(() => undefined);
  await stack?.close();
});

/** The product `id` as the stopped server saved it in its data file. */
async function savedProduct(dataFile, id) {
  const saved = JSON.parse(await readFile(dataFile, 'utf8'));
  const product = saved?.store?.products?.find((candidate) => candidate.id === id);
  assert.ok(product, `the data file ${dataFile} (format ${saved?.format}) holds no product ${id}`);
  return product;
}

test('an edit made while the server is down is shown at once, synced exactly once after the restart, and the screen equals the server', async (t) => {
  const { page } = dashboard;
  const api = stack.api('alice');
  const target = 'p-7';
  const { seq: seqBefore } = await api.get('/api/events');

  // Mid-stream: the simulator changes stock and orders while the server goes down.
  await api.setSimRate(25);
  const versionsBefore = new Map((await readRows(page)).map((row) => [row.id, row.version]));
  await eventually(
    "the simulator's changes reach the page (the stream is flowing)",
    async () => {
      const changed = (await readRows(page)).filter((row) => row.version !== versionsBefore.get(row.id));
      assert.ok(changed.length >= 2, `${changed.length} rows changed so far`);
      return true;
    },
    { timeoutMs: 8_000 },
  );

  const stoppedAt = Date.now();
  const exitCode = await stack.stopServer();
  assert.equal(exitCode, 0, `the server did not stop cleanly (exit ${exitCode}):\n${stack.serverOutput()}`);
  await eventually(
    'the badge says Offline once the server is gone',
    async () => {
      assert.equal(await badgeText(page), 'Offline');
      return true;
    },
    { timeoutMs: 10_000 },
  );
  const before = await savedProduct(stack.dataFile, target);

  // Rename through the UI while offline.
  const newName = `Offline edit ${Date.now().toString(36)}`;
  const row = page.locator(`tr[data-product="${target}"]`);
  await row.locator('[data-testid=edit]').click({ timeout: 5_000 });
  const input = row.locator('input');
  await input.fill(newName, { timeout: 5_000 });
  await input.press('Enter', { timeout: 5_000 });
  await eventually(
    'the offline edit is queued (1 pending) and its new name shows at once',
    async () => {
      assert.equal(await pendingCount(page), 1, 'pending count');
      assert.equal((await readRow(page, target))?.name, newName, 'name on screen');
      return true;
    },
    { timeoutMs: 3_000 },
  );

  // Nothing syncs while the server is down.
  await sleep(1_000);
  assert.equal(await pendingCount(page), 1, 'the edit left the queue while the server was down');
  assert.equal(await badgeText(page), 'Offline');

  await stack.restartServer({ simRate: 0 });
  const restartedAt = Date.now();
  // The client reconnects with jittered exponential backoff (1 s doubling), hence the margin.
  await eventually(
    'the badge says Live again after the restart',
    async () => {
      assert.equal(await badgeText(page), 'Live');
      return true;
    },
    { timeoutMs: 40_000, intervalMs: 100 },
  );
  const liveAt = Date.now();
  await eventually(
    'the offline queue drains (0 pending, all synced)',
    async () => {
      assert.equal(await pendingCount(page), 0, 'pending count');
      assert.equal((await page.locator('[data-testid=sync-state]').textContent())?.trim(), 'all synced');
      return true;
    },
    { timeoutMs: 15_000 },
  );
  t.diagnostic(
    `server down ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s; badge Live ${liveAt - restartedAt} ms after the restart; queue drained ${Date.now() - liveAt} ms later`,
  );

  // Applied exactly once: one new version, one rename event.
  const after = await api.product(target);
  assert.equal(after.name, newName, 'the server has the new name');
  assert.equal(after.version, before.version + 1, `the version rose by exactly one (saved at stop: ${before.version}, now ${after.version})`);
  const { frames } = await api.get(`/api/events?since=${seqBefore}&types=products`);
  const renames = frames.filter((frame) => frame.data?.entityId === target && frame.data?.changes && 'name' in frame.data.changes);
  assert.equal(renames.length, 1, `expected one rename event for ${target}, got ${JSON.stringify(renames)}`);
  assert.equal(renames[0].data.changes.name, newName);

  // Every product on screen equals the server's state.
  let differences = [];
  await eventually(
    'every product on screen (name, stock, version) equals GET /api/products',
    async () => {
      differences = diffWithServer(await readRows(page), await api.products());
      assert.deepEqual(differences, []);
      return true;
    },
    { timeoutMs: 10_000 },
  ).catch((error) => {
    throw new Error(`${error.message}\n${differences.join('\n')}`);
  });
  assert.equal(await page.locator('text=failed').count(), 0, 'an offline action failed');
});
