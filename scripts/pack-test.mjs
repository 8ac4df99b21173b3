// Proves the published package works: packs dist/ngx-cache-hub, installs the tarball into a
// fresh standalone Angular app, builds it with AOT (production), and runs it in headless
// Chromium, checking that @CacheNamespace (inject() field and constructor injection), the async
// pipe, entity updates and the devtools panel behave in the AOT-built app. Also imports ngx-cache-hub/core in plain
// Node from a folder with no Angular installed.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchChromium } from './lib/chromium.mjs';
import { serveDemo } from './lib/demo-server.mjs';

const root = process.cwd();
const rxjsVersion = JSON.parse(readFileSync('node_modules/rxjs/package.json', 'utf8')).version;
const work = resolve('.tmp/pack-test');
const app = join(work, 'app');
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });

if (!existsSync('dist/ngx-cache-hub/package.json')) throw new Error('pack-test: run npm run build:lib first');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync('scripts/pack-test/app', app, { recursive: true });

run('npm', ['pack', join(root, 'dist/ngx-cache-hub'), '--pack-destination', work, '--silent'], root);
const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
run('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--prefer-offline', '--silent', join(work, tarball)], app);

// ngx-cache-hub/core in plain Node, in a folder where Angular is not installed.
const nodeOnly = join(work, 'node-only');
mkdirSync(nodeOnly);
writeFileSync(join(nodeOnly, 'package.json'), JSON.stringify({ name: 'node-only', private: true, type: 'module' }));
run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--silent', join(work, tarball), `rxjs@${rxjsVersion}`], nodeOnly);
if (existsSync(join(nodeOnly, 'node_modules/@angular'))) throw new Error('pack-test: @angular was installed in the node-only folder');
cpSync('scripts/pack-test/node-only.mjs', join(nodeOnly, 'main.mjs'));
run(process.execPath, ['main.mjs'], nodeOnly);
run(process.execPath, [join(root, 'node_modules/@angular/cli/bin/ng.js'), 'build'], app);

const server = await serveDemo({ root: join(app, 'dist/browser') });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector('#version')?.textContent?.trim() === '2', null, { timeout: 15_000 });
  const text = async (selector) => (await page.textContent(selector))?.trim();
  // ngx-cache-hub/devtools: the open panel lists both entries (it refreshes every 500 ms)
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="devtools-entry"]').length === 2, null, { timeout: 15_000 }).catch(() => undefined);
  const devtoolsKeys = await page.$$eval('[data-testid="devtools-entry"]', (rows) =>
    rows
      .map((row) => row.getAttribute('data-key'))
      .sort()
      .join(','),
  );
  const checks = {
    name: [await text('#name'), 'Ada Lovelace'],
    keys: [await text('#keys'), 'customers:detail-1,orders:detail-7'],
    'entry points': [await text('#entry-points'), 'PING 410 true'],
    devtools: [devtoolsKeys, 'customers:detail-1,orders:detail-7'],
  };
  const failures = Object.entries(checks).filter(([, [actual, expected]]) => actual !== expected);
  if (errors.length) failures.push(['console errors', [errors.join(' | '), 'none']]);
  for (const [name, [actual, expected]] of failures) console.error(`pack-test: ${name}: expected ${expected}, got ${actual}`);
  if (failures.length) process.exitCode = 1;
  else
    console.log(
      `pack-test: ${tarball} installed, AOT-built and ran in Chromium: @CacheNamespace, async pipe, entity updates and the realtime, offline and devtools entry points work`,
    );
} finally {
  await browser.close();
  await server.close();
}
