// Child processes of the end-to-end tests: the reference server and the demo server. Every child
// is tracked and killed when the test process exits, whatever happened.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const children = new Set();
const killAll = () => {
  for (const child of children) child.kill('SIGKILL');
};
process.once('exit', killAll);
// Stopped from outside (e2e/run.mjs's time limit, Ctrl-C): take the servers down too.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killAll();
    process.exit(1);
  });
}

/** Spawns `node ...args` in the repository root and resolves once its output matches `ready`. */
function startNode(name, args, env, ready, timeoutMs = 20_000) {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const collect = (chunk) => {
    output = (output + chunk).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const handle = {
    name,
    child,
    /** The last 20 000 characters it printed. */
    output: () => output,
    /** SIGTERM, SIGKILL after 5 s; resolves with the exit code once it has exited. */
    stop: () => stopChild(child),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const onData = () => {
      const match = ready.exec(output);
      if (match) {
        cleanup();
        resolve({ ...handle, match });
      }
    };
    const onExit = (code, signal) => fail(`exited (${signal ?? code}) before it was ready`);
    function cleanup() {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
    }
    function fail(reason) {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${name} ${reason}; its output:\n${output}`));
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
  });
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the reference server (`node --import tsx projects/live-server/src/main.ts`) on
 * 127.0.0.1; `port` 0 picks a free one. Resolves to { url, port, stop(), output() }.
 */
export async function startLiveServer({ port = 0, simRate = 0, dataFile, env = {} } = {}) {
  const started = await startNode(
    'the live server',
    ['--import', 'tsx', 'projects/live-server/src/main.ts'],
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      SIM_RATE: String(simRate),
      ...(dataFile ? { DATA_FILE: dataFile } : {}),
      REDIS_URL: '',
      ...env,
    },
    /listening on (http:\/\/127\.0\.0\.1:(\d+))/,
  );
  return { ...started, url: started.match[1], port: Number(started.match[2]) };
}

/** Starts scripts/lib/demo-server.mjs in a child process serving `root` (the built demo) and forwarding to `apiPort`. */
export async function startDemoServer({ root, apiPort }) {
  const started = await startNode(
    'the demo server',
    [join(REPO_ROOT, 'e2e', 'support', 'demo-server-process.mjs')],
    { DEMO_ROOT: root, API_PORT: String(apiPort) },
    /demo server listening on (http:\/\/127\.0\.0\.1:\d+\/)/,
  );
  return { ...started, url: started.match[1] };
}
