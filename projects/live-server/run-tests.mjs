#!/usr/bin/env node
// Runs the live-server specs with Node's test runner and tsx:
//   node projects/live-server/run-tests.mjs [filter]
// Node 20's --test takes no globs, so the *.spec.ts files are listed here. Exits non-zero on failure.
// The crash test (CRASH_ROUNDS rounds of SIGKILL, 20 by default) runs after the others, with a
// time limit that grows with its rounds; every other spec file gets 20 s.
import { spawnSync } from 'node:child_process';
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
const runs = [
  { files: specs.filter((path) => !isCrashTest(path)), timeoutMs: 20_000 },
  { files: specs.filter(isCrashTest), timeoutMs: 60_000 + rounds * 5_000 },
].filter((run) => run.files.length > 0);

let status = 0;
for (const run of runs) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-timeout=${run.timeoutMs}`, ...run.files], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) status = result.status ?? 1;
}
process.exit(status);
