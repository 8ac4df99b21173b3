/** CLI entry: `npx tsx projects/live-server/src/main.ts`, configured by environment variables (see read-env-options.ts). */
import { readEnvOptions } from './read-env-options';
import { createLiveServer } from './server';

async function main(): Promise<void> {
  const server = await createLiveServer(readEnvOptions(process.env));
  const wsUrl = server.url.replace(/^http/, 'ws');
  console.log(`ngx-cache-hub live server listening on ${server.url} (WebSocket ${wsUrl}/ws, SSE ${server.url}/sse, simulator ${server.sim.rate} events/s)`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`ngx-cache-hub live server: ${signal}, shutting down`);
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
