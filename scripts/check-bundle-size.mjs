// Checks the built library against its size budgets (min+gzip, Angular, RxJS and tslib external).
// Each entry point is first put through the same transform an Angular CLI production build applies
// to npm packages (linker, pure static members and top-level calls, enum and metadata elision), then
// bundled and tree-shaken by esbuild with ngDevMode false. Only the library's own code is measured:
// the import statements left for the externals are glue an app's bundler replaces, so they are cut
// before gzip. Run after `npm run build:lib`.
import { JavaScriptTransformer } from '@angular/build/private';
import { build } from 'esbuild';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ENTRY_POINTS = {
  'ngx-cache-hub/core': 'ngx-cache-hub-core',
  'ngx-cache-hub': 'ngx-cache-hub',
  'ngx-cache-hub/realtime': 'ngx-cache-hub-realtime',
  'ngx-cache-hub/offline': 'ngx-cache-hub-offline',
  'ngx-cache-hub/devtools': 'ngx-cache-hub-devtools',
};

const transformer = new JavaScriptTransformer({ sourcemap: false, thirdPartySourcemaps: false, advancedOptimizations: true, jit: false }, 1);
mkdirSync(resolve('.tmp/size'), { recursive: true });
/** Entry point name -> its optimized file. */
const optimized = {};
for (const [entry, file] of Object.entries(ENTRY_POINTS)) {
  const fesm = resolve(`dist/ngx-cache-hub/fesm2022/${file}.mjs`);
  if (!existsSync(fesm)) {
    console.error(`size: ${fesm} is missing; run npm run build:lib first`);
    process.exit(1);
  }
  optimized[entry] = resolve(`.tmp/size/${file}.mjs`);
  writeFileSync(optimized[entry], await transformer.transformFile(fesm));
}
await transformer.close();

const [core, main, realtime, offline, devtools] = Object.keys(ENTRY_POINTS);
const from = (entry, names) => `export { ${names} } from ${JSON.stringify(entry)};`;
const every = (...entries) => entries.map((entry) => `export * from ${JSON.stringify(entry)};`).join('\n');
const budgets = [
  // Every top-level statement must be free of side effects (`sideEffects: false` is a promise).
  ...Object.keys(ENTRY_POINTS).map((entry) => ({ name: `an import of ${entry} that uses no export`, contents: `import ${JSON.stringify(entry)};`, limitKb: 0 })),
  { name: 'core hub alone (CacheHub from ngx-cache-hub/core)', contents: from(core, 'CacheHub'), limitKb: 3.95 },
  { name: 'every export of ngx-cache-hub/core', contents: every(core), limitKb: 31.4 },
  { name: 'a cache-only app (hub, entities, @CacheNamespace)', contents: from(main, 'provideCacheHub, withEntity, CacheHubService, CacheNamespace'), limitKb: 13.1 },
  { name: 'whole library: every export of ngx-cache-hub', contents: every(main), limitKb: 16.55 },
  // The add-on entry points: what they add to an app that already has every export of ngx-cache-hub.
  { name: 'every export of ngx-cache-hub/realtime, over ngx-cache-hub', contents: every(realtime), over: every(main), limitKb: 9.0 },
  { name: 'every export of ngx-cache-hub/offline, over ngx-cache-hub', contents: every(offline), over: every(main), limitKb: 12.2 },
  {
    name: 'a live app (hub, entities, real-time over WebSocket, batching, @CacheNamespace)',
    contents: [from(main, 'provideCacheHub, withEntity, CacheHubService, CacheNamespace'), from(realtime, 'withRealtime, withBatching, RealtimeCacheService')].join('\n'),
    limitKb: 20.85,
  },
  { name: 'every export of every entry point', contents: every(main, realtime, offline), limitKb: 36.8 },
  // The devtools: what they add to an app that has everything else. The rows above leave them out,
  // so an app that does not import ngx-cache-hub/devtools carries none of it.
  { name: 'every export of ngx-cache-hub/devtools, over every other entry point', contents: every(devtools), over: every(main, realtime, offline), limitKb: 12.2 },
];

/** The run of import statements esbuild leaves at the top for the externals. */
const EXTERNAL_IMPORTS = /^(?:import\s*(?:[^;"']*?from\s*)?"[^"]+";)+/;

let failed = 0;
for (const { name, contents, over, limitKb } of budgets) {
  const kb = (await gzippedKb(over ? `${over}\n${contents}` : contents)) - (over ? await gzippedKb(over) : 0);
  const ok = kb <= limitKb;
  if (!ok) failed++;
  console.log(`size: ${name}: ${kb.toFixed(2)} kB min+gzip (budget ${limitKb} kB) ${ok ? 'ok' : 'OVER BUDGET'}`);
}
process.exit(failed ? 1 : 0);

/** The min+gzip size of the library code a bundle of `contents` holds. */
async function gzippedKb(contents) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    external: ['@angular/*', 'rxjs', 'rxjs/*', 'tslib'],
    alias: optimized,
    define: { ngDevMode: 'false', ngJitMode: 'false' },
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text.replace(EXTERNAL_IMPORTS, '').trim();
  return code.length === 0 ? 0 : gzipSync(code, { level: 9 }).length / 1024;
}
