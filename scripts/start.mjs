// `npm start`: builds the demo dashboard, starts the reference server, serves the demo on one
// origin (forwarding /api, /sse and /ws to the server) and prints the URL. Ctrl-C stops both.
import { execFileSync, spawn } from 'node:child_process';
import { serveDemo } from './lib/demo-server.mjs';

const apiPort = Number(process.env.API_PORT ?? 3000);
const port = Number(process.env.PORT ?? 4200);

console.log('Building the demo dashboard…');
execFileSync(process.execPath, ['node_modules/@angular/cli/bin/ng.js', 'build', 'demo'], { stdio: 'inherit', env: { ...process.env, NG_CLI_ANALYTICS: 'false' } });

const server = spawn(process.execPath, ['--import', 'tsx', 'projects/live-server/src/main.ts'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { SIM_RATE: '3', ...process.env, PORT: String(apiPort) },
});
const demo = await serveDemo({ root: 'dist/demo/browser', apiPort, port, host: process.env.HOST ?? '127.0.0.1' });
console.log(`\n  ngx-cache-hub live dashboard: ${demo.url}  (as bob: ${demo.url}?user=bob)\n  reference server: http://127.0.0.1:${apiPort}/api/health\n`);

const stop = async () => {
  server.kill('SIGTERM');
  await demo.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => {
  console.error(`the reference server stopped (exit ${code})`);
  void demo.close().then(() => process.exit(code ?? 1));
});
