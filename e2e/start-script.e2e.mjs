// `npm start` in a real pseudo-terminal (util-linux `script`): the "s" key stops and restarts the
// reference server, any number of times. The server child used to put the terminal back in
// cooked mode when it exited, so the second "s" waited for Enter and never arrived.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT } from './support/processes.mjs';
import { eventually } from './support/wait.mjs';

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

/** Whether the reference server answers its health check. */
async function serverUp(apiPort) {
  try {
    const response = await fetch(`http://127.0.0.1:${apiPort}/api/health`, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}

let child;
let dir;
let output = '';
let apiPort;
let demoPort;

before(async () => {
  assert.equal(spawnSync('script', ['--version']).status, 0, 'util-linux `script` is needed to give npm start a pseudo-terminal');
  dir = await mkdtemp(join(tmpdir(), 'ngx-cache-hub-start-'));
  [apiPort, demoPort] = [await freePort(), await freePort()];
  // `script -q -c CMD /dev/null`: CMD runs with a pseudo-terminal as stdin/stdout; what we write
  // to script's stdin reaches it as key presses, byte by byte in raw mode.
  child = spawn('script', ['-q', '-f', '-e', '-c', `${JSON.stringify(process.execPath)} scripts/start.mjs`, '/dev/null'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DEMO_SKIP_BUILD: '1', API_PORT: String(apiPort), PORT: String(demoPort), SIM_RATE: '0', DATA_DIR: join(dir, 'data'), REDIS_URL: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  await eventually('npm start prints the dashboard URL and its server answers', async () => output.includes('press "s"') && (await serverUp(apiPort)), {
    timeoutMs: 30_000,
    intervalMs: 200,
  });
});

after(async () => {
  if (child && child.exitCode === null) {
    child.stdin.write('q');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const timer = setTimeout(() => process.kill(-child.pid, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('"s" stops and restarts the server twice in a row, with no Enter', async () => {
  for (const round of [1, 2]) {
    child.stdin.write('s');
    const stopped = () => output.split('server stopped').length - 1;
    await eventually(
      `round ${round}: the server is down and "server stopped" printed after "s"`,
      async () => {
        if (await serverUp(apiPort)) throw new Error(`the server still answers; output so far:\n${output.slice(-600)}`);
        return stopped() === round;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    child.stdin.write('s');
    await eventually(
      `round ${round}: the server answers again after the second "s"`,
      async () => {
        if (!(await serverUp(apiPort))) throw new Error(`no answer; output so far:\n${output.slice(-600)}`);
        return true;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
  }
  // The keys were read one by one, not echoed as a line: the terminal is still in raw mode.
  assert.doesNotMatch(output, /^s+\r?$/m, 'a typed "s" was echoed by the terminal (cooked mode)');
});

test('the demo is served and forwards to the restarted server', async () => {
  const response = await fetch(`http://127.0.0.1:${demoPort}/api/products?pageSize=1`);
  assert.equal(response.status, 200);
  const page = await response.json();
  assert.equal(page.totalCount, 40);
});
