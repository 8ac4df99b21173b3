#!/usr/bin/env node
// Runs the live-server specs with Node's test runner and tsx:
//   node projects/live-server/run-tests.mjs [filter]
// Node 20's --test takes no globs, so the *.spec.ts files are listed here. Exits non-zero on failure.
// The crash test (CRASH_ROUNDS rounds of SIGKILL, 20 by default) runs after the others, with a
// time limit that grows with its rounds; the other real-process specs (redis-*, durable/disk-full)
// get 60 s each, every other spec file 20 s. The summary lines of
// both runs are added up into one at the end.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];

function findSpecs(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findSpecs(path);
    return entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const specs = findSpecs(join(root, 'src'))
  .map((path) => relative(root, path))
  .filter((path) => !filter || path.includes(filter))
  .sort();
if (specs.length === 0) {
  console.error(`live-server: no spec files found${filter ? ` matching "${filter}"` : ''}`);
  process.exit(1);
}

const isCrashTest = (path) => path.endsWith('crash-recovery.spec.ts');
const rounds = Number(process.env.CRASH_ROUNDS ?? 20);
const isProcessTest = (path) => /(^|\/)redis-[^/]*\.spec\.ts$|disk-full\.spec\.ts$/.test(path);
const runs = [
  { files: specs.filter((path) => !isCrashTest(path) && !isProcessTest(path)), timeoutMs: 20_000 },
  { files: specs.filter(isProcessTest), timeoutMs: 60_000 },
  { files: specs.filter(isCrashTest), timeoutMs: 60_000 + rounds * 5_000 },
].filter((run) => run.files.length > 0);

const SUMMARY = /^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) ([\d.]+)$/;
const totals = new Map();
let status = 0;
for (const run of runs) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${run.timeoutMs}`, ...run.files], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout })) {
    const summary = SUMMARY.exec(line);
    if (summary) totals.set(summary[1], (totals.get(summary[1]) ?? 0) + Number(summary[2]));
    else console.log(line);
  }
  const code = await new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (exit) => resolve(exit ?? 1))));
  if (code !== 0) status = code;
}
for (const [name, value] of totals) console.log(`ℹ ${name} ${name === 'duration_ms' ? value.toFixed(0) : value}`);
process.exit(status);
