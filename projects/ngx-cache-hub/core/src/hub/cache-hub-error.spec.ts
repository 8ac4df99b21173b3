import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CacheHubError, CacheHubErrorCode } from './cache-hub-error';

const LIBRARY = resolve(__dirname, '../../..');
const ROOT = resolve(LIBRARY, '../..');

/** The library's sources (not specs or test kits), as [path, text]. */
function librarySources(): [string, string][] {
  return readdirSync(LIBRARY, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.includes('testing-internal'))
    .map((file) => [file, readFileSync(join(LIBRARY, file), 'utf8')]);
}

/** Every `<code> satisfies CacheHubErrorCode.<Name>` in the library's sources. */
function raisedCodes(): Map<number, string> {
  const found = new Map<number, string>();
  for (const [, text] of librarySources()) {
    for (const [, code, name] of text.matchAll(/(\d{3}) satisfies CacheHubErrorCode\.(\w+)/g)) found.set(Number(code), name);
  }
  return found;
}

const enumCodes = new Map(
  Object.entries(CacheHubErrorCode)
    .filter(([, value]) => typeof value === 'number')
    .map(([name, value]) => [value as number, name]),
);

describe('error codes', () => {
  it('every code of the enum is raised by the library, under its own name, and nothing else is', () => {
    expect(new Map([...raisedCodes()].sort(([a], [b]) => a - b))).toEqual(new Map([...enumCodes].sort(([a], [b]) => a - b)));
  });

  it('every error message is written only in development builds, so production bundles drop the text', () => {
    // A literal message, or a literal part of one handed to a helper that builds the error, must sit behind ngDevMode.
    const literalMessage = /new CacheHubError\(\s*[^,]*,\s*[`'"]|\b(?:malformed|invalidMapping|this\.transact)\(\s*[`'"]|\b(?:toTransportError|toStorageError)\([^,]*,\s*[`'"]/g;
    const unguarded = librarySources().flatMap(([file, text]) => [...text.matchAll(literalMessage)].map(([call]) => `${file}: ${call}`));
    expect(unguarded).toEqual([]);
  });

  it('raises only CacheHubError: a plain Error is made only to wrap a thrown value that is not an Error', () => {
    const plain = librarySources().flatMap(([file, text]) => [...text.matchAll(/new (?:Type)?Error\(/g)].map(() => file));
    // Resource.error() must be an Error (a request may reject with anything); an aborted IndexedDB transaction without its own error becomes the cause of NCH303.
    expect(plain.sort()).toEqual(['core/src/offline/indexeddb-queue-storage.ts', 'src/lib/to-resource-error.ts']);
  });

  it('docs/errors.md documents exactly the codes of the enum, each with its name', () => {
    const documented = new Map(
      [...readFileSync(join(ROOT, 'docs/errors.md'), 'utf8').matchAll(/^\| <a id="nch(\d+)"><\/a>NCH\1 \| (\w+) \|/gm)].map(([, code, name]) => [Number(code), name]),
    );
    expect(documented).toEqual(enumCodes);
  });
});

describe('CacheHubError', () => {
  const global = globalThis as { ngDevMode?: unknown };
  const devMode = global.ngDevMode;
  afterEach(() => (global.ngDevMode = devMode));

  it('says what happened and links the docs in dev mode', () => {
    const error = new CacheHubError(CacheHubErrorCode.InvalidKey, 'A key must be a non-empty string');
    expect(error.message).toBe('ngx-cache-hub: NCH100: A key must be a non-empty string (see docs/errors.md#nch100)');
    expect(error.code).toBe(100);
  });

  it('keeps only the code in production builds, whatever message the caller passed', () => {
    global.ngDevMode = false;
    expect(new CacheHubError(CacheHubErrorCode.StorageFull, 'the storage quota is exceeded').message).toBe('ngx-cache-hub: NCH301');
  });
});
