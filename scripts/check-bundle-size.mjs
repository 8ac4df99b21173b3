// Checks the built library against its size budgets (min+gzip, Angular, RxJS and tslib external).
// The package is first put through the same transform an Angular CLI production build applies to
// npm packages (linker, pure static members and top-level calls, enum and metadata elision), then
// bundled and tree-shaken by esbuild with ngDevMode false. Only the library's own code is measured:
// the import statements left for the externals are glue an app's bundler replaces, so they are cut
// before gzip. Run after `npm run build:lib`.
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
  // Every top-level statement must be free of side effects (`sideEffects: false` is a promise).
  { name: 'an import that uses no export', contents: `import ${JSON.stringify(optimized)};`, limitKb: 0 },
  { name: 'whole library (every export)', contents: `export * from ${JSON.stringify(optimized)};`, limitKb: 26 },
  {
    name: 'a live app (hub, entities, real-time over WebSocket, batching, @CacheNamespace)',
    contents: from('provideCacheHub, withEntity, withRealtime, withBatching, CacheHubService, CacheNamespace, RealtimeCacheService'),
    limitKb: 16,
  },
  { name: 'a cache-only app (hub, entities, @CacheNamespace)', contents: from('provideCacheHub, withEntity, CacheHubService, CacheNamespace'), limitKb: 9 },
  { name: 'core hub alone (CacheHub)', contents: from('CacheHub'), limitKb: 3 },
];

/** The run of import statements esbuild leaves at the top for the externals. */
const EXTERNAL_IMPORTS = /^(?:import\s*(?:[^;"']*?from\s*)?"[^"]+";)+/;

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
  const code = result.outputFiles[0].text.replace(EXTERNAL_IMPORTS, '').trim();
  const kb = code.length === 0 ? 0 : gzipSync(code, { level: 9 }).length / 1024;
  const ok = kb <= limitKb;
  if (!ok) failed++;
  console.log(`size: ${name}: ${kb.toFixed(2)} kB min+gzip (budget ${limitKb} kB) ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(failed ? 1 : 0);
