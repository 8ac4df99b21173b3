// `npm start`: builds the demo dashboard, starts the reference server, serves the demo on one
// origin (forwarding /api, /sse and /ws to the server) and prints the URL. In a terminal, press
// "s" to stop or restart the server (to try offline edits); Ctrl-C stops everything.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { serveDemo } from './lib/demo-server.mjs';

const apiPort = Number(process.env.API_PORT ?? 3000);
const port = Number(process.env.PORT ?? 4200);
mkdirSync('.tmp', { recursive: true });

// DEMO_SKIP_BUILD=1 serves dist/demo/browser as it is (the e2e test of this script uses it).
if (process.env.DEMO_SKIP_BUILD !== '1') {
  console.log('Building the demo dashboard…');
  execFileSync(process.execPath, ['node_modules/@angular/cli/bin/ng.js', 'build', 'demo'], { stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });
}

let server = null;
let stopping = false;
const startServer = () => {
  // Its output goes through pipes, not the terminal: a Node process whose stdout is the terminal
  // puts the terminal back in the mode it found at start when it exits, which took this
  // script's raw mode away (the next "s" then waited for Enter).
  server = spawn(process.execPath, ['--import', 'tsx', 'projects/live-server/src/main.ts'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Durable mode: every acknowledged write is fsynced to .tmp/live-server-data before the
    // answer, so a stop, a crash or a kill loses nothing (DATA_DIR= in the environment overrides it).
    env: { SIM_RATE: '3', DATA_DIR: '.tmp/live-server-data', ...process.env, PORT: String(apiPort) },
  });
  server.stdout.pipe(process.stdout, { end: false });
  server.stderr.pipe(process.stderr, { end: false });
  server.on('exit', (code, signal) => {
    server = null;
    // Belt and braces: whatever the child did to the terminal, keep reading single keys.
    if (process.stdin.isTTY) process.stdin.setRawMode(true);
    // The server exits with 0 on the SIGTERM we send; anything else is a crash worth reporting.
    if (!stopping) console.error(`the reference server stopped (exit ${code ?? signal}); press "s" to start it again`);
    stopping = false;
  });
};
const stopServer = () =>
  new Promise((done) => {
    if (!server) return done();
    stopping = true;
    server.once('exit', done);
    server.kill('SIGTERM');
  });

startServer();
const demo = await serveDemo({ root: 'dist/demo/browser', apiPort, port, host: process.env.HOST ?? '127.0.0.1' });
console.log(`\n  ngx-cache-hub live dashboard: ${demo.url}  (as bob: ${demo.url}?user=bob)`);
console.log(`  reference server: http://127.0.0.1:${apiPort}/api/health`);
if (process.stdin.isTTY) console.log('  press "s" to stop or restart the server, Ctrl-C to quit\n');

const quit = async () => {
  await stopServer();
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', quit);
process.on('SIGTERM', quit);
if (process.stdin.isTTY) {
  process.stdin.setRawMode(true);
  let busy = false;
  process.stdin.on('data', async (key) => {
    const text = key.toString();
    if (text === '\u0003' || text === 'q') return quit();
    if (text !== 's' || busy) return;
    busy = true;
    if (server) {
      await stopServer();
      console.log('server stopped: the badge turns Offline; edits queue until you press "s" again');
    } else {
      console.log('starting the server again…');
      startServer();
    }
    busy = false;
  });
}
