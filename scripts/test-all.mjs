// The README's test command: every spec, lint (ESLint, the core boundary rule, Prettier, knip), the docs'
// TypeScript snippets, the library build, its size budget, the packed tarball in a fresh AOT app
// and in a fresh Angular CLI app with its own dependencies (SSR, Vitest), the reference server's
// tests and the end-to-end browser tests.
// Ends with one line "N passed, N failed" counting every test and check.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

mkdirSync('.tmp', { recursive: true });
const steps = [
  { name: 'library specs (jest)', cmd: 'npx', args: ['jest', '--ci', '--json', '--outputFile=.tmp/jest-results.json'], count: jestCount },
  { name: 'lint, format and dead-code check', cmd: 'npm', args: ['run', 'lint', '--silent'] },
  { name: 'doc snippets type-check', cmd: 'node', args: ['scripts/check-snippets.mjs'], count: snippetCount },
  { name: 'reference server tests', cmd: 'node', args: ['projects/live-server/run-tests.mjs'], when: 'projects/live-server/run-tests.mjs', count: tapCount },
  { name: 'library build (ng-packagr)', cmd: 'npm', args: ['run', 'build:lib', '--silent'] },
  { name: 'bundle size budget', cmd: 'node', args: ['scripts/check-bundle-size.mjs'] },
  { name: 'packed tarball in a fresh AOT app', cmd: 'node', args: ['scripts/pack-test.mjs'] },
  { name: 'packed tarball in a fresh Angular CLI app (SSR, Vitest)', cmd: 'node', args: ['scripts/pack-test-fresh-app.mjs'] },
  { name: 'end-to-end browser tests', cmd: 'node', args: ['e2e/run.mjs'], when: 'e2e/run.mjs', count: tapCount },
];

let passed = 0;
let failed = 0;
const summary = [];
for (const step of steps) {
  if (step.when && !existsSync(step.when)) continue;
  const started = Date.now();
  const { code, output } = await run(step.cmd, step.args);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const counted = step.count?.(output);
  if (counted) {
    passed += counted.passed;
    failed += counted.failed;
  } else if (code === 0) passed++;
  else failed++;
  if (code !== 0 && (!counted || counted.failed === 0)) failed++;
  summary.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${step.name} (${seconds} s)`);
}

console.log(`\n${summary.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

function run(cmd, args) {
  return new Promise((resolve) => {
    console.log(`\n=== ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const relay = (stream, target) =>
      stream.on('data', (chunk) => {
        output += chunk;
        target.write(chunk);
      });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function jestCount() {
  try {
    const results = JSON.parse(readFileSync('.tmp/jest-results.json', 'utf8'));
    return { passed: results.numPassedTests, failed: results.numFailedTests + results.numRuntimeErrorTestSuites };
  } catch {
    return undefined;
  }
}

/** check-snippets ends with "# pass N" / "# fail N": one count per type-checked snippet. */
function snippetCount(output) {
  const pass = /^# pass (\d+)$/m.exec(output);
  const fail = /^# fail (\d+)$/m.exec(output);
  return pass ? { passed: Number(pass[1]), failed: Number(fail?.[1] ?? 0) } : undefined;
}

function tapCount(output) {
  const pass = /^(?:#|ℹ) pass (\d+)/m.exec(output);
  const fail = /^(?:#|ℹ) fail (\d+)/m.exec(output);
  return pass ? { passed: Number(pass[1]), failed: Number(fail?.[1] ?? 0) } : undefined;
}
