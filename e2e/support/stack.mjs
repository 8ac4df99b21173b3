// One isolated system under test per test file: the reference server (own port, own data file in
// a temporary directory), the demo server forwarding to it, and headless Chromium.
import { access, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../../scripts/lib/chromium.mjs';
import { apiClient } from './api.mjs';
import { REPO_ROOT, startDemoServer, startLiveServer } from './processes.mjs';
import { eventually } from './wait.mjs';

const BUILT_DEMO = join(REPO_ROOT, 'dist', 'demo', 'browser');

/**
 * Copies the built demo into `target`, so a rebuild of dist/demo (npm start, another test run)
 * cannot pull the files from under the page; retries while a build is rewriting them.
 */
async function copyBuiltDemo(target) {
  await eventually(
    `dist/demo/browser holds a built demo (run: npx ng build demo)`,
    async () => {
      await rm(target, { recursive: true, force: true });
      await cp(BUILT_DEMO, target, { recursive: true });
      await Promise.all(['index.html', 'main.js'].map((file) => access(join(target, file))));
      return true;
    },
    { timeoutMs: 30_000, intervalMs: 500 },
  );
}

/** Starts server, demo server and browser; `close()` stops all of them (also after a failed start). */
export async function startStack({ simRate = 0 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'ngx-cache-hub-e2e-'));
  let dataFile = join(dir, 'live-server.json');
  let restarts = 0;
  let server;
  let demo;
  let browser;
  const stack = {
    get dataFile() {
      return dataFile;
    },
    get browser() {
      return browser;
    },
    /** The reference server's own URL (REST calls from the tests go there directly). */
    get apiUrl() {
      return server.url;
    },
    get apiPort() {
      return server.port;
    },
    /** The dashboard's URL (served by the demo server). */
    get demoUrl() {
      return demo.url;
    },
    /** A REST client of the reference server, signed in as `user` (alice, bob) or anonymous. */
    api: (user) => apiClient(server.url, user),
    /** Stops the reference server (SIGTERM: it saves its data file and exits); resolves with its exit code. */
    stopServer: () => server.stop(),
    /** SIGKILLs the reference server (nothing is saved but what it had made durable); resolves once it has exited. */
    crashServer: () =>
      new Promise((resolve) => {
        if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
        server.child.once('exit', () => resolve());
        server.child.kill('SIGKILL');
      }),
    /**
     * Starts the reference server again on the same port: with the same data file, or with
     * `lostHistory` a new empty one (a server that lost its disk: new epoch, seed data).
     */
    async restartServer({ simRate: rate = 0, lostHistory = false } = {}) {
      if (lostHistory) dataFile = join(dir, `live-server-${++restarts}.json`);
      server = await startLiveServer({ port: server.port, simRate: rate, dataFile });
    },
    serverOutput: () => server?.output() ?? '',
    async close() {
      const results = await Promise.allSettled([browser?.close(), demo?.stop(), server?.stop()]);
      await rm(dir, { recursive: true, force: true });
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
    },
  };
  try {
    await copyBuiltDemo(join(dir, 'demo'));
    server = await startLiveServer({ simRate, dataFile });
    demo = await startDemoServer({ root: join(dir, 'demo'), apiPort: server.port });
    browser = await launchChromium();
  } catch (error) {
    await stack.close().catch(() => undefined);
    throw error;
  }
  return stack;
}
