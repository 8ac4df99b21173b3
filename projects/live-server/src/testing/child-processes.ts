import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** projects/live-server (the sources run as CommonJS under tsx). */
const PROJECT_DIR = join(__dirname, '..', '..');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Whether `redis-server` can be run. */
export function hasRedisServer(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return probe.status === 0;
}

/** Waits until `child` prints a line matching `pattern`; returns the match. Rejects if it exits or times out. */
function waitForOutput(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; output:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) finish(undefined, match);
    };
    const onExit = (code: number | null) => finish(new Error(`${what}: the process exited with ${code}; output:\n${output}`));
    function finish(error?: Error, match?: RegExpMatchArray) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/**
 * Starts `redis-server` on `port` and waits until it accepts connections: without persistence,
 * or with `aofDir` an append-only file fsynced on every write, kept in that directory.
 */
export async function startRedis(port: number, aofDir?: string, rdbDir?: string): Promise<ChildProcess> {
  // With `rdbDir` and no AOF: only an explicit SAVE writes `dump.rdb` there, which a restart loads (a rollback).
  const persistence = aofDir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', aofDir] : ['--appendonly', 'no', ...(rdbDir ? ['--dir', rdbDir] : [])];
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForOutput(child, /[Rr]eady to accept connections/, 'redis-server to start');
  return child;
}

/** A server started by {@link startServerProcess}. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/** Starts `src/main.ts` in a child process with `env`; resolves with the process and its URL. */
export async function startServerProcess(env: Record<string, string>, limits: { fileSizeKiB?: number } = {}): Promise<ServerProcess> {
  const args = ['--import', 'tsx', 'src/main.ts'];
  // With a file-size limit (`ulimit -f`), writes past it fail with EFBIG (Node ignores SIGXFSZ).
  const [command, argv] = limits.fileSizeKiB ? ['bash', ['-c', `ulimit -f ${limits.fileSizeKiB} && exec "$0" "$@"`, process.execPath, ...args]] : [process.execPath, args];
  const child = spawn(command, argv, {
    cwd: PROJECT_DIR,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', SIM_RATE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const record = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', record);
  child.stderr?.on('data', record);
  const match = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 'the live server to start');
  return { child, url: match[1], output: () => output };
}

/** Stops a child process (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
