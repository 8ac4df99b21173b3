// Checks the library's layout. First, no library source file (specs and testing-internal helpers
// aside) is over MAX_LINES lines: one concept per file. Then the framework-free boundaries, by what
// each import resolves to, which ESLint's
// no-restricted-imports cannot do for relative paths: the core (projects/ngx-cache-hub/core/src)
// imports only RxJS and its own files; the devtools' model only RxJS, ngx-cache-hub/core and its own
// files. Specs and testing-internal helpers may also use the test tools. Static, re-exported and
// dynamic imports all count. First proves on fixtures that each kind of violation is reported,
// then checks the tree. Part of `npm run lint`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const TEST_TOOLS = ['fast-check', 'mock-socket', 'fake-indexeddb', 'timers', /^node:/];
const ROOTS = [
  { folder: 'projects/ngx-cache-hub/core/src', packages: ['rxjs', /^rxjs\//] },
  { folder: 'projects/ngx-cache-hub/devtools/src/model', packages: ['rxjs', 'ngx-cache-hub/core'] },
];

const matches = (name, allowed) => allowed.some((rule) => (typeof rule === 'string' ? rule === name : rule.test(name)));

/** The imports of `source` (a file at `file`, under `root`) that leave what the root may use. */
function violations(root, file, source) {
  const forTests = /\.spec\.ts$|\/testing-internal\//.test(file);
  const { importedFiles } = ts.preProcessFile(source, true, true);
  const found = [];
  for (const { fileName: name } of importedFiles) {
    if (name.startsWith('.')) {
      const target = resolve(dirname(file), name);
      if (relative(resolve(root.folder), target).startsWith('..')) found.push(`${name} (resolves outside ${root.folder})`);
    } else if (!matches(name, root.packages) && !(forTests && matches(name, TEST_TOOLS))) {
      found.push(name);
    }
  }
  return found;
}

// The check bites: each fixture import, in a core file, is reported.
const core = ROOTS[0];
const fixture = resolve(core.folder, 'hub/__fixture__.ts');
const bad = [
  "import { inject } from '@angular/core';",
  "export { x } from 'ngx-cache-hub';",
  "import { y } from 'ngx-cache-hub/realtime/src/realtime-options';",
  "import { z } from '../../../src/lib/tokens';",
  "import type { T } from '../../../realtime/src/realtime-options';",
  "const m = import('@angular/core');",
  "import 'mock-socket';",
];
let failures = 0;
for (const line of bad) {
  if (violations(core, fixture, line).length !== 1) {
    failures++;
    console.error(`boundaries: the fixture ${JSON.stringify(line)} was not reported`);
  }
}
if (violations(core, fixture, "import { CacheHub } from './cache-hub';\nimport { map } from 'rxjs';\nimport { E } from '../entity/entity-store';").length) {
  failures++;
  console.error('boundaries: core-internal imports were reported');
}

function* sources(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}
let files = 0;
for (const root of ROOTS) {
  for (const file of sources(root.folder)) {
    files++;
    for (const problem of violations(root, resolve(file), readFileSync(file, 'utf8'))) {
      failures++;
      console.error(`boundaries: ${file} imports ${problem}; ${root.folder} may import only ${root.packages.join(', ')} and its own files`);
    }
  }
}
const MAX_LINES = 300;
let sized = 0;
for (const file of sources('projects/ngx-cache-hub')) {
  if (/\.spec\.ts$|\/testing-internal\//.test(file)) continue;
  sized++;
  const lines = readFileSync(file, 'utf8').split('\n').length - 1;
  if (lines > MAX_LINES) {
    failures++;
    console.error(`layout: ${file} has ${lines} lines, over ${MAX_LINES}: split it by concept`);
  }
}
if (failures) process.exit(1);
console.log(`boundaries: ${bad.length} fixture violations reported; ${files} files of the core and the devtools' model import only what they may`);
console.log(`layout: ${sized} library source files, none over ${MAX_LINES} lines`);
