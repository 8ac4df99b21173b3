import type { Contender } from '../contenders/contender';
import { median, timeMs } from '../measure';
import type { BenchParams } from '../params';
import { makeWorkload, staleItems, truncated, Workload } from '../workload';

/** One contender's scenario 1 result. */
export interface ThroughputRow {
  readonly name: string;
  readonly updates: number;
  readonly medianMs: number;
  readonly updatesPerSecond: number;
  readonly notifications: number;
  readonly flushes: number | null;
  readonly staleItems: number;
  readonly valid: boolean;
  readonly note?: string;
}

/** A contender and how many of the U updates it gets (peers may get fewer; rates are per update). */
export interface ThroughputEntry {
  readonly contender: Contender;
  readonly updates: 'all' | 'peer';
}

/**
 * Scenario 1: the DESIGN.md workload through each contender. Each run seeds a fresh cache
 * (untimed), then times applying the updates until every observer has been told. One warm-up
 * run on a quarter of the updates comes first; the median of RUNS runs is reported; stale items
 * are counted after every run and the worst is kept.
 */
export async function runThroughput(params: BenchParams, entries: readonly ThroughputEntry[], log: (line: string) => void): Promise<ThroughputRow[]> {
  const full = makeWorkload(params.E, params.L, params.S, params.U);
  const rows: ThroughputRow[] = [];
  for (const { contender, updates } of entries) {
    const workload = updates === 'all' ? full : truncated(full, params.PEER_U);
    await runOnce(contender, truncated(workload, Math.ceil(workload.updates.length / 4)));
    const runs = [];
    for (let run = 0; run < params.RUNS; run++) runs.push(await runOnce(contender, workload));
    const medianMs = median(runs.map((run) => run.ms));
    const stale = Math.max(...runs.map((run) => run.stale));
    rows.push({
      name: contender.name,
      updates: workload.updates.length,
      medianMs,
      updatesPerSecond: workload.updates.length / (medianMs / 1000),
      notifications: runs[0].notifications,
      flushes: runs[0].flushes,
      staleItems: stale,
      valid: stale === 0,
      note: contender.note,
    });
    log(`  ${contender.name}: ${Math.round(workload.updates.length / (medianMs / 1000)).toLocaleString('en-US')} updates/s`);
  }
  return rows;
}

async function runOnce(contender: Contender, workload: Workload) {
  const cache = contender.setup(workload);
  try {
    const ms = await timeMs(() => cache.apply(workload.updates));
    return {
      ms,
      notifications: cache.notificationsPerList().reduce((sum, count) => sum + count, 0),
      flushes: cache.flushes?.() ?? null,
      stale: staleItems(workload, (j) => cache.listItems(j)),
    };
  } finally {
    cache.dispose();
  }
}
