#!/usr/bin/env node
// Runs the live-server specs with Node's test runner and tsx:
//   node projects/live-server/run-tests.mjs [filter]
// Node 20's --test takes no globs, so the *.spec.ts files are listed here. Exits non-zero on failure.
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

const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-timeout=20000', ...specs], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
