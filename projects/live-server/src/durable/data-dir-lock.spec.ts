import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

/**
 * A process that loads the lock code, says `ready`, reads the moment to start (epoch ms) from
 * stdin, takes the lock at that moment, says whether it won, and holds a won lock until stdin ends.
 */
const CONTENDER = `
const { lockDataDir } = require('./src/durable/data-dir-lock.ts');
console.log('ready');
process.stdin.once('data', (line) => {
  const startAt = Number(String(line));
  while (Date.now() < startAt) {}
  try {
    const unlock = lockDataDir(process.env.LOCK_PATH, () => undefined);
    console.log('won');
    process.stdin.on('end', () => (unlock(), process.exit(0)));
  } catch (error) {
    console.log(/is held by process/.test(error.message) ? 'refused' : 'error: ' + error.message);
    process.exit(0);
  }
});
`;

/** Starts a contender; `said(n)` resolves with its first n lines. */
function contender(path: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', CONTENDER], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, LOCK_PATH: path },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (chunk) => {
    out += chunk;
    for (const waiter of waiters.splice(0)) waiter();
  });
  const lines = () => out.split('\n').filter(Boolean);
  const said = (count: number) =>
    new Promise<string[]>((resolve) => {
      const check = () => (lines().length >= count || child.exitCode !== null ? resolve(lines()) : waiters.push(check));
      child.once('exit', check);
      check();
    });
  return { child, said };
}

describe('durable mode: the data directory lock', () => {
  const root = mkdtempSync(join(tmpdir(), 'live-server-lock-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('of several processes starting at the same moment over a stale lock, exactly one takes it over', async () => {
    for (let round = 0; round < 2; round++) {
      const dir = join(root, `round-${round}`);
      rmSync(dir, { recursive: true, force: true });
      const path = join(dir, 'lock');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path, '999999999\n'); // left by a process that no longer runs
      const contenders = Array.from({ length: 8 }, () => contender(path));
      await Promise.all(contenders.map((one) => one.said(1)));
      const startAt = Date.now() + 50;
      for (const one of contenders) one.child.stdin!.write(`${startAt}\n`);
      const results = (await Promise.all(contenders.map((one) => one.said(2)))).map((lines) => lines[1]);
      for (const one of contenders) one.child.stdin!.end();
      await Promise.all(contenders.map((one) => (one.child.exitCode !== null ? undefined : new Promise((resolve) => one.child.once('exit', resolve)))));
      assert.equal(results.filter((result) => result === 'won').length, 1, `round ${round}: ${results.join(', ')}`);
      assert.deepEqual(
        results.filter((result) => result !== 'won' && result !== 'refused'),
        [],
      );
      assert.deepEqual(readdirSync(dir), [], 'the winner released the lock and no temporary file is left');
    }
  });
});
