// Checks the built library against its size budgets (min+gzip, Angular, RxJS and tslib external).
// The package is first put through the same transform an Angular CLI production build applies to
// npm packages (linker, pure static members and top-level calls, enum and metadata elision), then
// bundled and tree-shaken by esbuild with ngDevMode false. Run after `npm run build:lib`.
import { JavaScriptTransformer } from '@angular/build/private';
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const fesm = resolve('dist/ngx-cache-hub/fesm2022/ngx-cache-hub.mjs');
if (!existsSync(fesm)) {
  console.error(`size: ${fesm} is missing; run npm run build:lib first`);
  process.exit(1);
}
const transformer = new JavaScriptTransformer({ sourcemap: false, thirdPartySourcemaps: false, advancedOptimizations: true, jit: false }, 1);
const optimized = resolve('.tmp/size/ngx-cache-hub.mjs');
mkdirSync(resolve('.tmp/size'), { recursive: true });
writeFileSync(optimized, await transformer.transformFile(fesm));
await transformer.close();

const from = (names, path = optimized) => `export { ${names} } from ${JSON.stringify(path)};`;
const budgets = [
  { name: 'whole library (every export)', contents: `export * from ${JSON.stringify(optimized)};`, limitKb: 26 },
  {
    name: 'a live app (hub, entities, real-time over WebSocket, batching, @CacheNamespace)',
    contents: from('provideCacheHub, withEntity, withRealtime, withBatching, CacheHubService, CacheNamespace, RealtimeCacheService'),
    limitKb: 16,
  },
  { name: 'a cache-only app (hub, entities, @CacheNamespace)', contents: from('provideCacheHub, withEntity, CacheHubService, CacheNamespace'), limitKb: 9 },
  // The hub's own module graph, as a Node service or a framework-free app uses it.
  { name: 'core hub alone', contents: from('CacheHub', resolve('projects/ngx-cache-hub/src/lib/core/cache-hub.ts')), limitKb: 3.5 },
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
    define: { ngDevMode: 'false', ngJitMode: 'false' },
    logLevel: 'silent',
  });
  const kb = gzipSync(result.outputFiles[0].contents, { level: 9 }).length / 1024;
  const ok = kb <= limitKb;
  if (!ok) failed++;
  console.log(`size: ${name}: ${kb.toFixed(2)} kB min+gzip (budget ${limitKb} kB) ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(failed ? 1 : 0);
