// Type-checks every ```ts snippet of README.md and docs/*.md against the library, each as its own
// module, and reports errors at their line in the Markdown file. Ends with "# pass N" / "# fail N"
// (one count per snippet) for scripts/test-all.mjs.
//
// A snippet that is a fragment declares its context in a hidden HTML comment right above it:
//
//   <!-- snippet-context
//   import { HttpClient } from '@angular/common/http';
//   declare const http: HttpClient;
//   -->
//
// A snippet that cannot compile (pseudo-code, another project's file) starts with a visible
// comment saying why: `// not type-checked: <reason>`.
//
// Usage: node scripts/check-snippets.mjs [--dist]   (--dist: against dist/ngx-cache-hub, the built
// package, as an app would import it; default: against the sources)
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const againstDist = process.argv.includes('--dist');
const work = resolve('.tmp/snippets');
const SKIP = /^\s*\/\/\s*not type-checked:\s*(\S.*)$/;

/** The body of the `<!-- snippet-context ... -->` comment that ends right above line `at`, or ''. */
function contextAbove(lines, at) {
  if (lines[at - 1]?.trim() !== '-->') return '';
  for (let start = at - 2; start >= 0; start--) {
    if (/^<!--\s*snippet-context\s*$/.test(lines[start])) return lines.slice(start + 1, at - 1).join('\n');
    if (lines[start].includes('-->')) return '';
  }
  return '';
}

const markdown = [
  'README.md',
  ...readdirSync('docs')
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file)),
];
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

/** @type {{ file: string; source: string; line: number; offset: number }[]} */
const snippets = [];
const skipped = [];
for (const source of markdown) {
  const lines = readFileSync(source, 'utf8').split('\n');
  for (let at = 0; at < lines.length; at++) {
    if (!/^```ts\s*$/.test(lines[at])) continue;
    const end = lines.findIndex((line, i) => i > at && /^```\s*$/.test(line));
    const code = lines.slice(at + 1, end);
    const context = contextAbove(lines, at);
    const skip = SKIP.exec(code[0] ?? '');
    if (skip) skipped.push(`${source}:${at + 2}: ${skip[1]}`);
    else {
      const preamble = context.split('\n');
      const file = join(work, `${source.replace(/[/.]/g, '_')}_${at + 1}.ts`);
      writeFileSync(file, [...preamble, ...code, 'export {};', ''].join('\n'));
      snippets.push({ file, source, line: at + 2, offset: preamble.length });
    }
    at = end;
  }
}

const base = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config;
const compilerOptions = { ...base.compilerOptions, noEmit: true, types: ['node'], baseUrl: root };
if (againstDist) {
  if (!existsSync('dist/ngx-cache-hub/package.json')) throw new Error('check-snippets --dist: run npm run build:lib first');
  // Resolved as an installed package (its exports map), as in an app.
  mkdirSync(join(work, 'node_modules'), { recursive: true });
  symlinkSync(resolve('dist/ngx-cache-hub'), join(work, 'node_modules/ngx-cache-hub'), 'dir');
  delete compilerOptions.paths;
}
const parsed = ts.parseJsonConfigFileContent({ compilerOptions, files: snippets.map((snippet) => snippet.file) }, ts.sys, work);
const program = ts.createProgram(parsed.fileNames, parsed.options);
const diagnostics = ts.getPreEmitDiagnostics(program);

const failures = new Map();
for (const diagnostic of diagnostics) {
  const snippet = diagnostic.file && snippets.find((s) => resolve(s.file) === resolve(diagnostic.file.fileName));
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n  ');
  if (!snippet) {
    console.error(`check-snippets: ${diagnostic.file ? relative(root, diagnostic.file.fileName) : 'config'}: ${message}`);
    failures.set('config', true);
    continue;
  }
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const where = line < snippet.offset ? `${snippet.source}:${snippet.line - 1} (snippet-context line ${line + 1})` : `${snippet.source}:${snippet.line + line - snippet.offset}`;
  console.error(`${where}: error TS${diagnostic.code}: ${message}`);
  failures.set(snippet, true);
}
for (const reason of skipped) console.log(`check-snippets: skipped ${reason}`);
const failed = snippets.filter((snippet) => failures.has(snippet)).length + (failures.has('config') ? 1 : 0);
console.log(`check-snippets: ${snippets.length} snippets type-checked against ${againstDist ? 'dist/ngx-cache-hub' : 'the sources'}, ${skipped.length} skipped`);
console.log(`# pass ${snippets.length - failed}`);
console.log(`# fail ${failed}`);
process.exit(failed ? 1 : 0);
