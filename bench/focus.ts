/**
 * A focused scenario 1 (W1) run for profiling and for comparing changes: the floor and
 * ngx-cache-hub (unbatched, batched every FRAME_EVENTS, batched at maxBatch), interleaved round by
 * round so a busy machine slows them alike, plus optional peers on PEER_U updates. Prints the
 * median updates/s of each and the ratios. Not the published bench: see run.ts for that.
 *
 *   npx tsx --tsconfig bench/tsconfig.json bench/focus.ts --ROUNDS=7 [--PEERS=db,query,apollo] [--ONLY=batched250]
 *   PROFILE=/tmp/b250.cpuprofile npx tsx bench/focus.ts --ONLY=batched250 --ROUNDS=10
 *   node --expose-gc --import tsx bench/focus.ts --HEAP=1   (heap per cached entity, ours and query-core)
 * With PROFILE set, a CPU profile of each timed `apply` call only (not the seeding) is written to `$PROFILE.<n>.cpuprofile`.
 */
import { apolloCache } from './contenders/apollo-cache';
import type { Contender } from './contenders/contender';
import { floor } from './contenders/floor';
import { ngxCacheHubBatched, ngxCacheHubUnbatched } from './contenders/ngx-cache-hub';
import { tanstackDb } from './contenders/tanstack-db';
import { tanstackQuery } from './contenders/tanstack-query';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { median } from './measure';
import { heapOf } from './scenarios/memory';
import { makeWorkload, staleItems, truncated, type Workload } from './workload';

const flags = new Map(
  process.argv
    .slice(2)
    .map((arg) => /^--([A-Z_]+)=(.*)$/i.exec(arg))
    .filter((m) => m !== null)
    .map((m) => [m[1].toUpperCase(), m[2]]),
);
const num = (name: string, fallback: number) => Number(flags.get(name) ?? process.env[name] ?? fallback);
const E = num('E', 5000),
  L = num('L', 500),
  S = num('S', 50),
  U = num('U', 20_000),
  FRAME = num('FRAME_EVENTS', 250);
const ROUNDS = num('ROUNDS', 5),
  PEER_U = num('PEER_U', 300);
const CPU_CLOCK = (flags.get('CLOCK') ?? process.env['CLOCK']) === 'cpu';

const ours: Record<string, Contender> = {
  floor,
  unbatched: ngxCacheHubUnbatched,
  batched250: ngxCacheHubBatched(FRAME),
  batchedMax: ngxCacheHubBatched(),
};
const peers: Record<string, Contender> = { db: tanstackDb(), db250: tanstackDb(FRAME), query: tanstackQuery, apollo: apolloCache() };
const only = (flags.get('ONLY') ?? Object.keys(ours).join(',')).split(',');
const peerNames = (flags.get('PEERS') ?? '').split(',').filter(Boolean);

let session: Session | undefined;
const profiles: unknown[] = [];

async function timeRun(contender: Contender, workload: Workload, profile = false): Promise<number> {
  const cache = contender.setup(workload);
  try {
    if (profile) await session?.post('Profiler.start');
    const start = performance.now();
    const cpu = process.cpuUsage();
    await cache.apply(workload.updates);
    const used = process.cpuUsage(cpu);
    // CLOCK=cpu: the process's CPU time, which other work on a shared machine disturbs less than wall time.
    const ms = CPU_CLOCK ? (used.user + used.system) / 1000 : performance.now() - start;
    if (profile && session) profiles.push((await session.post('Profiler.stop')).profile);
    const stale = staleItems(workload, (j) => cache.listItems(j));
    if (stale > 0) throw new Error(`${contender.name}: ${stale} stale items`);
    return ms;
  } finally {
    cache.dispose();
  }
}

/** Heap after GC per cached entity of the W1 cache (as scenario 4), median of five builds. */
async function heapPerEntity(): Promise<void> {
  const workload = makeWorkload(E, L, S, 0);
  for (const contender of [ngxCacheHubUnbatched, tanstackQuery]) {
    contender.setup(workload).dispose();
    const samples: number[] = [];
    for (let sample = 0; sample < 5; sample++) samples.push(await heapOf(contender, workload));
    console.log(`${contender.name}: ${Math.round(median(samples) / E)} B per entity (${samples.map((bytes) => Math.round(bytes / E)).join(', ')})`);
  }
}

async function main(): Promise<void> {
  if (flags.has('HEAP')) return heapPerEntity();
  const full = makeWorkload(E, L, S, U);
  const peerWorkload = truncated(full, PEER_U);
  const entries = [...only.map((name) => [name, ours[name], full] as const), ...peerNames.map((name) => [name, peers[name], peerWorkload] as const)];
  for (const [, contender, workload] of entries) await timeRun(contender, truncated(workload, Math.ceil(workload.updates.length / 4)));
  if (process.env['PROFILE']) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
  }
  const rates = new Map<string, number[]>(entries.map(([name]) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, contender, workload] of entries) rates.get(name)!.push(workload.updates.length / ((await timeRun(contender, workload, true)) / 1000));
  }
  profiles.forEach((profile, n) => writeFileSync(`${process.env['PROFILE']}.${n}.cpuprofile`, JSON.stringify(profile)));
  const medians = new Map([...rates].map(([name, values]) => [name, median(values)]));
  for (const [name, value] of medians)
    console.log(
      `${name.padEnd(12)} ${Math.round(value).toLocaleString('en-US').padStart(12)} updates/s  (${rates
        .get(name)!
        .map((v) => Math.round(v / 1000))
        .join(', ')} k)`,
    );
  for (const mine of ['unbatched', 'batched250', 'batchedMax']) {
    if (!medians.has(mine)) continue;
    const parts = [...medians]
      .filter(([name]) => !(name in ours) || name === 'floor')
      .map(([name, value]) => `${name} ${(medians.get(mine)! / value).toFixed(name === 'floor' ? 3 : 1)}x`);
    if (mine === 'batched250' && medians.has('unbatched')) parts.push(`unbatched ${(medians.get(mine)! / medians.get('unbatched')!).toFixed(2)}x`);
    console.log(`${mine.padEnd(12)} vs ${parts.join(', ')}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
