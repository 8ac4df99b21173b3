// Runs scripts/lib/demo-server.mjs in its own process (so the test process's event loop never
// delays the traffic it forwards): DEMO_ROOT, API_PORT; prints its URL.
import { serveDemo } from '../../scripts/lib/demo-server.mjs';

const demo = await serveDemo({ root: process.env.DEMO_ROOT, apiPort: Number(process.env.API_PORT), port: 0, host: '127.0.0.1' });
console.log(`demo server listening on ${demo.url}`);
const stop = () => void demo.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
