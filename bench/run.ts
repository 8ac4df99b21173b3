/**
 * `npm run bench`: ngx-cache-hub against @tanstack/query-core, @apollo/client's InMemoryCache,
 * @tanstack/db and a hand-written floor, on the workload of DESIGN.md. Flags and environment: see params.ts;
 * `--quick` runs small sizes in a few seconds. Writes bench/results/latest.json and latest.md.
 * Never part of the unit tests: wall-clock numbers are reported, not asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { apolloCache } from './contenders/apollo-cache';
import { floor } from './contenders/floor';
import { ngxCacheHubBatched, ngxCacheHubUnbatched } from './contenders/ngx-cache-hub';
import { tanstackDb } from './contenders/tanstack-db';
import { tanstackQuery } from './contenders/tanstack-query';
import { BenchParams, readParams } from './params';
import { BenchResults, Environment, ratiosOf, toMarkdown } from './report';
import { runBurst } from './scenarios/burst';
import { runInvalidation } from './scenarios/invalidation';
import { runHeapPerEntity, runSubscribeCycles } from './scenarios/memory';
import { runThroughput } from './scenarios/throughput';

const RESULTS_DIR = join(__dirname, 'results');
/** The peer libraries whose installed versions the results record. */
const LIBRARIES = ['@tanstack/query-core', '@apollo/client', 'graphql', '@tanstack/db'] as const;

async function main(params: BenchParams): Promise<void> {
  const started = performance.now();
  const log = (line: string) => console.log(line);
  const wants = (scenario: string) => params.only.includes(scenario);
  const results: { -readonly [K in keyof BenchResults]: BenchResults[K] } = { environment: environment(), params: { ...params }, seconds: 0 };
  log(`ngx-cache-hub bench${params.quick ? ' (quick)' : ''}: E=${params.E} L=${params.L} S=${params.S} U=${params.U} RUNS=${params.RUNS}`);

  if (wants('throughput')) {
    log('scenario 1: throughput');
    results.throughput = await runThroughput(
      params,
      [
        { contender: floor, updates: 'all' },
        { contender: ngxCacheHubUnbatched, updates: 'all' },
        { contender: ngxCacheHubBatched(), updates: 'all' },
        { contender: ngxCacheHubBatched(params.FRAME_EVENTS), updates: 'all' },
        { contender: tanstackQuery, updates: 'peer' },
        { contender: apolloCache(), updates: 'peer' },
        { contender: tanstackDb(), updates: 'peer' },
        { contender: tanstackDb(params.FRAME_EVENTS), updates: 'peer' },
      ],
      log,
    );
    results.ratios = ratiosOf(results.throughput);
  }
  if (wants('burst')) {
    log('scenario 2: burst');
    results.burst = await runBurst(params, [ngxCacheHubUnbatched, ngxCacheHubBatched(), tanstackQuery, apolloCache(), apolloCache(true), tanstackDb(), tanstackDb(Infinity)]);
  }
  if (wants('invalidation')) {
    log('scenario 3: invalidation');
    results.invalidation = await runInvalidation(params);
  }
  if (wants('memory')) {
    log('scenario 4: memory');
    results.heap = await runHeapPerEntity(params);
    results.cycles = await runSubscribeCycles(params);
  }
  results.seconds = (performance.now() - started) / 1000;

  const markdown = toMarkdown(results);
  log('');
  log(markdown);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'latest.md'), `${markdown}\n`);
  log(`written: bench/results/latest.json, bench/results/latest.md`);
}

function environment(): Environment {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    platform: `${process.platform} ${process.arch}`,
    libraries: Object.fromEntries(LIBRARIES.map((name) => [name, installedVersion(name)])),
  };
}

/** The version in node_modules/<name>/package.json, or 'unknown'. */
function installedVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Scenario 4 needs `global.gc`: re-run this script under the same loader with --expose-gc. */
function respawnWithGc(): never {
  const child = spawnSync(process.execPath, [...process.execArgv, '--expose-gc', process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

if (typeof (globalThis as { gc?: unknown }).gc !== 'function') respawnWithGc();
main(readParams(process.argv.slice(2), process.env)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
