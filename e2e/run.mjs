#!/usr/bin/env node
// The end-to-end browser tests: `node e2e/run.mjs [filter]`.
// Builds the demo when dist/demo/browser is older than the demo or library sources, then runs
// every e2e/*.e2e.mjs file (or those whose name contains `filter`) with Node's test runner, one
// file at a time (each file starts its own reference server, demo server and Chromium).
// Exits non-zero when the build or a test fails.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const e2eDir = join(root, 'e2e');
const filter = process.argv[2];
const RUN_TIMEOUT_MS = 8 * 60_000;

/** Newest modification time of the files under `path` (a file or a directory; specs aside), 0 when missing. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.endsWith('.spec.ts')) continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

function ensureDemoBuilt() {
  const outputs = ['index.html', 'main.js'].map((file) => join(root, 'dist', 'demo', 'browser', file));
  const built = outputs.every(existsSync) ? Math.min(...outputs.map((file) => statSync(file).mtimeMs)) : 0;
  const sources = Math.max(...['projects/demo', 'projects/ngx-cache-hub', 'angular.json', 'tsconfig.json'].map((path) => newest(join(root, path))));
  if (built > sources) {
    console.log('e2e: dist/demo/browser is up to date');
    return;
  }
  console.log(built ? 'e2e: the demo sources changed, rebuilding the demo' : 'e2e: building the demo');
  const started = Date.now();
  const build = spawnSync(process.execPath, [join(root, 'node_modules', '@angular', 'cli', 'bin', 'ng.js'), 'build', 'demo'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NG_CLI_ANALYTICS: 'false' },
    timeout: 180_000,
  });
  if (build.status !== 0) {
    console.error(`e2e: the demo build failed (${build.error?.message ?? `exit ${build.status}`}); no browser test ran`);
    process.exit(1);
  }
  console.log(`e2e: demo built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const files = readdirSync(e2eDir)
  .filter((name) => name.endsWith('.e2e.mjs') && (!filter || name.includes(filter)))
  .sort()
  .map((name) => relative(root, join(e2eDir, name)));
if (files.length === 0) {
  console.error(`e2e: no e2e/*.e2e.mjs file${filter ? ` matching "${filter}"` : ''}`);
  process.exit(1);
}

ensureDemoBuilt();
const started = Date.now();
// Its own process group, so a time limit or Ctrl-C stops the test files and everything they started.
const tests = spawn(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=1', '--test-timeout=150000', ...files], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
});
const signalGroup = (signal) => {
  try {
    process.kill(-tests.pid, signal);
  } catch {
    // already gone
  }
};
let killer;
const stop = (reason) => {
  if (killer) return;
  if (reason) console.error(reason);
  signalGroup('SIGTERM');
  killer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
};
const guard = setTimeout(() => stop(`e2e: the browser tests did not finish within ${RUN_TIMEOUT_MS / 1000} s, stopping them`), RUN_TIMEOUT_MS);
process.on('SIGINT', () => stop('e2e: interrupted'));
process.on('SIGTERM', () => stop('e2e: terminated'));
tests.on('exit', (code, signal) => {
  clearTimeout(guard);
  if (killer) {
    clearTimeout(killer);
    signalGroup('SIGKILL');
  }
  console.log(`e2e: ${files.length} files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code ?? (signal ? 1 : 0));
});
