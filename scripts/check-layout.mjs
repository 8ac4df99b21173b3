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

/** Every module a source file names: static, re-exported, `import x = require`, `require()`, dynamic, `import('x').T` types and `/// <reference>`s, from its syntax tree. */
function importedNames(file, source) {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const names = [...tree.typeReferenceDirectives, ...tree.referencedFiles].map((reference) => reference.fileName);
  const literal = (node) => (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : '<a computed path>');
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) names.push(literal(node.moduleSpecifier));
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) names.push(literal(node.moduleReference.expression));
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      names.push(literal(node.arguments[0]));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) names.push(literal(node.argument.literal));
    else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) names.push(node.name.text); // declare module 'x' { ... }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return names;
}

/** The imports of `source` (a file at `file`, under `root`) that leave what the root may use. */
function violations(root, file, source) {
  const forTests = /\.spec\.ts$|\/testing-internal\//.test(file);
  const found = [];
  for (const name of importedNames(file, source)) {
    if (name.startsWith('.')) {
      const target = resolve(dirname(file), name);
      if (relative(resolve(root.folder), target).startsWith('..')) found.push(`${name} (resolves outside ${root.folder})`);
      // Test kits may use Node and test tools: a shipped file must not import them.
      else if (!forTests && /(^|[\\/])testing-internal([\\/]|$)/.test(relative(resolve(root.folder), target))) found.push(`${name} (a test kit, not shipped)`);
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
  "export * as t from '../../../src/lib/tokens';",
  "export const load = (s: string) => (/'/.test(s) ? import('@angular/core') : null);",
  '/// <reference types="@angular/core" />',
  "export type T = import('@angular/core').Signal<number>;",
  'const name = "@angular/core";\nexport const m = import(name);',
  "import { fakeFetch } from '../realtime/testing-internal/fake-fetch';",
  "declare module '@angular/core' { interface Signal<T> { extra: T } }",
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
    else if (/\.[cm]?tsx?$/.test(entry.name)) yield path;
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
/** Lines of a text with any line ends; a last line without one counts. */
const lineCount = (text) => text.split(/\r\n|\r|\n/).length - (/[\r\n]$/.test(text) ? 1 : 0);
for (const [text, expected] of [
  ['a\nb', 2],
  ['a\nb\n', 2],
  ['a\rb\r', 2],
  ['a\r\nb\r\nc', 3],
]) {
  if (lineCount(text) !== expected) {
    failures++;
    console.error(`layout: ${JSON.stringify(text)} counted as ${lineCount(text)} lines, not ${expected}`);
  }
}
let sized = 0;
for (const file of sources('projects/ngx-cache-hub')) {
  if (/\.spec\.ts$|\/testing-internal\//.test(file)) continue;
  sized++;
  const lines = lineCount(readFileSync(file, 'utf8'));
  if (lines > MAX_LINES) {
    failures++;
    console.error(`layout: ${file} has ${lines} lines, over ${MAX_LINES}: split it by concept`);
  }
}
if (failures) process.exit(1);
console.log(`boundaries: ${bad.length} fixture violations reported; ${files} files of the core and the devtools' model import only what they may`);
console.log(`layout: ${sized} library source files, none over ${MAX_LINES} lines`);
