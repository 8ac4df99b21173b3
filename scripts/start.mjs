// `npm start`: builds the demo dashboard, starts the reference server, serves the demo on one
// origin (forwarding /api, /sse and /ws to the server) and prints the URL. In a terminal, press
// "s" to stop or restart the server (to try offline edits); Ctrl-C stops everything.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { serveDemo } from './lib/demo-server.mjs';

const apiPort = Number(process.env.API_PORT ?? 3000);
const port = Number(process.env.PORT ?? 4200);
mkdirSync('.tmp', { recursive: true });

console.log('Building the demo dashboard…');
execFileSync(process.execPath, ['node_modules/@angular/cli/bin/ng.js', 'build', 'demo'], { stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });

let server = null;
const startServer = () => {
  server = spawn(process.execPath, ['--import', 'tsx', 'projects/live-server/src/main.ts'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    // The data file keeps the server's state (and versions) across restarts.
    env: { SIM_RATE: '3', DATA_FILE: '.tmp/live-server-data.json', ...process.env, PORT: String(apiPort) },
  });
  server.on('exit', (code, signal) => {
    server = null;
    if (signal !== 'SIGTERM') console.error(`the reference server stopped (exit ${code ?? signal}); press "s" to start it again`);
  });
};
const stopServer = () => new Promise((done) => (server ? (server.once('exit', done), server.kill('SIGTERM')) : done()));

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
  process.stdin.on('data', async (key) => {
    const text = key.toString();
    if (text === '\u0003' || text === 'q') return quit();
    if (text !== 's') return;
    if (server) {
      await stopServer();
      console.log('server stopped: the badge turns Offline; edits queue until you press "s" again');
    } else {
      startServer();
    }
  });
}
