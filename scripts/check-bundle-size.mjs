// Checks the built library against its size budget (min+gzip, Angular and RxJS external).
// Run after `npm run build:lib`; exits non-zero when a budget is exceeded.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const fesm = resolve('dist/ngx-cache-hub/fesm2022/ngx-cache-hub.mjs');
if (!existsSync(fesm)) {
  console.error(`size: ${fesm} is missing; run npm run build:lib first`);
  process.exit(1);
}

const budgets = [
  { name: 'whole library', contents: `export * from ${JSON.stringify(fesm)};`, limitKb: 9 },
  // The hub's own module graph, as an app that uses only the hub (or a Node service) ships it.
  { name: 'core hub alone', contents: `export { CacheHub } from ${JSON.stringify(resolve('projects/ngx-cache-hub/src/lib/core/cache-hub.ts'))};`, limitKb: 3.5 },
];

let failed = 0;
for (const { name, contents, limitKb } of budgets) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    external: ['@angular/*', 'rxjs', 'rxjs/*', 'tslib'],
    // As in an Angular CLI production build: dev-only checks and messages drop out.
    define: { ngDevMode: 'false' },
    logLevel: 'silent',
  });
  const bytes = gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
  const kb = bytes / 1024;
  const ok = kb <= limitKb;
  if (!ok) failed++;
  console.log(`size: ${name}: ${kb.toFixed(2)} kB min+gzip (budget ${limitKb} kB) ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(failed ? 1 : 0);
