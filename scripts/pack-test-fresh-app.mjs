// Proves the published package in a truly fresh Angular 21 CLI app: scripts/pack-test/fresh-app has
// its own package.json and package-lock.json (one consistent @angular/* set with @angular/ssr,
// Vitest and jsdom, as `ng new --ssr` sets up; no mock-socket). It is copied outside the repository
// (so nothing resolves the workspace's node_modules), installed with `npm ci`, given the packed
// tarball, then:
//   1. `ng build` prerenders /customers/1 and /customers/2 (@angular/ssr); in headless Chromium the
//      prerendered HTML already shows the customer (a Promise source, awaited by the server render
//      and sent with withTransferState()), the hydrated page fetches nothing (staleTime 60 s) and
//      keeps the server's DOM, a router link to /customers/2 re-keys the reused component's
//      cacheResource, and a cacheMutation whose call fails shows its optimistic name, rolls back
//      to the server's and shows the error in the template;
//   2. `ng test` (Vitest, jsdom) runs a spec that uses provideCacheHubTesting from
//      ngx-cache-hub/testing, with mock-socket not installed.
// After changing fresh-app/package.json: npm install in a copy of the folder outside the
// repository, copy its package-lock.json back, then node scripts/complete-lockfile.mjs <that lock>.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { serveDemo } from './lib/demo-server.mjs';

const root = process.cwd();
const source = resolve('scripts/pack-test/fresh-app');
const env = { ...process.env, NG_CLI_ANALYTICS: 'false', CI: 'true' };
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env });
const timings = [];
const timed = async (name, step) => {
  const started = Date.now();
  const result = await step();
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
};

if (!existsSync('dist/ngx-cache-hub/package.json')) throw new Error('pack-test-fresh-app: run npm run build:lib first');
if (readFileSync(join(source, 'package-lock.json'), 'utf8').includes('mock-socket')) throw new Error('pack-test-fresh-app: mock-socket is in the fresh app lock');

const work = mkdtempSync(join(tmpdir(), 'ngx-cache-hub-fresh-app-'));
const app = join(work, 'app');
const failures = [];
try {
  for (let dir = dirname(app); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) throw new Error(`pack-test-fresh-app: ${dir}/node_modules would be resolved from the app`);
  }
  cpSync(source, app, { recursive: true, filter: (path) => !/[/\\](node_modules|dist|\.angular)$/.test(path) });
  run('npm', ['pack', join(root, 'dist/ngx-cache-hub'), '--pack-destination', work, '--silent'], root);
  const tarball = join(
    work,
    readdirSync(work).find((file) => file.endsWith('.tgz')),
  );

  await timed('npm ci', () => run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app));
  await timed('tarball install', () => run('npm', ['install', '--no-save', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], app));
  if (!existsSync(join(app, 'node_modules/ngx-cache-hub/package.json'))) throw new Error('pack-test-fresh-app: the tarball was not installed');
  // ngx-cache-hub names mock-socket as an optional peer; no copy of it may be installed anywhere in the tree.
  const installed = Object.keys(JSON.parse(readFileSync(join(app, 'node_modules/.package-lock.json'), 'utf8')).packages);
  const mockSockets = installed.filter((path) => path.endsWith('node_modules/mock-socket'));
  if (mockSockets.length) failures.push(['mock-socket installed', [mockSockets.join(', '), 'none']]);

  const ng = join(app, 'node_modules/@angular/cli/bin/ng.js');
  await timed('ng test', () => {
    const test = spawnSync(process.execPath, [ng, 'test', '--watch=false'], { cwd: app, env, encoding: 'utf8' });
    process.stdout.write(test.stdout);
    process.stderr.write(test.stderr);
    const passed = /Tests\s+(\d+) passed/.exec(test.stdout.replace(/\x1b\[[0-9;]*m/g, ''));
    if (test.status !== 0 || Number(passed?.[1]) !== 2)
      failures.push(['ng test (Vitest, ngx-cache-hub/testing)', [`exit ${test.status}, ${passed?.[1] ?? 0} passed`, 'exit 0, 2 passed']]);
  });
  await timed('ng build (prerender)', () => run(process.execPath, [ng, 'build'], app));
  await timed('Chromium', () => checkInBrowser(join(app, 'dist/browser')));
} finally {
  if (failures.length === 0 || !process.env.KEEP_FRESH_APP) rmSync(work, { recursive: true, force: true });
}

for (const [name, [actual, expected]] of failures) console.error(`pack-test-fresh-app: ${name}: expected ${expected}, got ${actual}`);
console.log(`pack-test-fresh-app: ${timings.join(', ')}`);
if (failures.length) process.exitCode = 1;
else {
  console.log(
    'pack-test-fresh-app: in a fresh Angular 21 app without mock-socket: the prerendered page shows its cacheResource, hydrates with no refetch, ' +
      're-keys on a router link, rolls back a failed cacheMutation with the error shown, and ng test (Vitest) passes with ngx-cache-hub/testing',
  );
}

async function checkInBrowser(browserRoot) {
  const check = (name, actual, expected) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) failures.push([name, [JSON.stringify(actual), JSON.stringify(expected)]]);
  };
  const prerendered = readFileSync(join(browserRoot, 'customers/1/index.html'), 'utf8');
  check('prerendered HTML shows customer 1', /<h1 id="name">Ada Lovelace<\/h1>/.test(prerendered), true);
  check('prerendered HTML carries the cache (withTransferState)', /"ngx-cache-hub":\{[^<]*"customers:detail-1"/.test(prerendered), true);

  const server = await serveDemo({ root: browserRoot });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && errors.push(message.text()));
    page.on('response', (response) => response.status() >= 400 && !response.url().endsWith('/favicon.ico') && errors.push(`${response.status()} ${response.url()}`));
    // Records whether the server-rendered customer name is ever removed: hydration keeps it,
    // a client render would replace it.
    await page.addInitScript(() => {
      window.serverDomReplaced = false;
      new MutationObserver((records) => {
        if (document.documentElement.hasAttribute('data-app-stable')) return;
        for (const record of records)
          for (const node of record.removedNodes) if (node.nodeType === 1 && (node.id === 'name' || node.querySelector?.('#name'))) window.serverDomReplaced = true;
      }).observe(document, { childList: true, subtree: true });
    });
    const text = async (selector) => (await page.textContent(selector, { timeout: 5_000 }).catch(() => null))?.trim();
    const requests = () => page.evaluate(() => [...window.customersApi.requests]);
    const waitText = (selector, expected) =>
      page.waitForFunction(([s, e]) => document.querySelector(s)?.textContent?.trim() === e, [selector, expected], { timeout: 10_000 }).catch(() => undefined);

    await page.goto(`${server.url}customers/1`);
    await page.waitForSelector('html[data-app-stable]', { timeout: 15_000 });
    await page.waitForTimeout(300); // the source answers in 20 ms: a refetch would have been made and counted by now
    check('hydrated /customers/1: name', await text('#name'), 'Ada Lovelace');
    check('hydrated /customers/1: value from the server render', await text('#loaded-on'), 'server');
    check('hydrated /customers/1: source calls in the browser', await requests(), []);
    check('hydrated /customers/1: server DOM kept (hydration)', await page.evaluate(() => window.serverDomReplaced), false);

    // cacheMutation: optimistic name, the call fails, rollback, the error in the template.
    await page.click('#rename');
    await waitText('#name', 'Ada Lovelace (renamed)');
    check('optimistic rename: name', await text('#name'), 'Ada Lovelace (renamed)');
    check('optimistic rename: status', await text('#rename-status'), 'pending');
    await page.evaluate(() => window.customersApi.refuseRenames());
    await waitText('#rename-status', 'error');
    check('failed rename: rolled back', await text('#name'), 'Ada Lovelace');
    check('failed rename: error shown', await text('#rename-error'), 'The server refused to rename customer 1 to Ada Lovelace (renamed)');
    check('failed rename: no refetch', await requests(), []);

    // Router link to /customers/2: the same component, a new key.
    await page.evaluate(() => (document.querySelector('app-customer').dataset.marker = 'first'));
    await page.click('#link-2');
    await waitText('#name', 'Grace Hopper');
    check('/customers/2: url', new URL(page.url()).pathname, '/customers/2');
    check('/customers/2: name', await text('#name'), 'Grace Hopper');
    check('/customers/2: fetched in the browser', await text('#loaded-on'), 'browser');
    check('/customers/2: component reused', await page.evaluate(() => document.querySelector('app-customer').dataset.marker), 'first');
    check('/customers/2: source calls', await requests(), ['2']);

    await page.click('#link-1');
    await waitText('#name', 'Ada Lovelace');
    check('back to /customers/1: name from the cache', [await text('#name'), await text('#loaded-on')], ['Ada Lovelace', 'server']);
    check('back to /customers/1: source calls', await requests(), ['2']);
    check('console errors', errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
}
