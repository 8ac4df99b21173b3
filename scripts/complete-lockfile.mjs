// The npm registry reachable from this project's machines serves only linux builds of
// platform-specific optional packages, so `npm install` leaves the other platforms' entries out
// of package-lock.json and `npm ci` then refuses the lock as out of sync. This adds an entry for
// every missing optional dependency, marked with the os/cpu its name declares, so `npm ci`
// accepts the lock and skips those packages on this platform. Run after changing dependencies:
//   npm install && node scripts/complete-lockfile.mjs
// Another lock (the fresh app of scripts/pack-test-fresh-app.mjs) is given as an argument:
//   node scripts/complete-lockfile.mjs scripts/pack-test/fresh-app/package-lock.json
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';

const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'sunos', 'win32', 'netbsd', 'aix', 'cygwin'];
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'wasm32'];
const lock = JSON.parse(readFileSync(file, 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const parent = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[parent] || lock.packages[`node_modules/${name}`]) continue;
    const words = name.split('/').pop().split(/[-_]/);
    const os = OS.filter((o) => words.includes(o) || (o === 'win32' && words.includes('windows')));
    const cpu = CPU.filter((c) => words.includes(c) || (c === 'x64' && (words.includes('x86') || words.includes('amd64'))));
    lock.packages[`node_modules/${name}`] = {
      version,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(os.length ? { os } : {}),
      ...(cpu.length ? { cpu } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries to ${file}`);
