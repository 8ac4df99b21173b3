import type { Contender } from '../contenders/contender';
import { timeMs } from '../measure';
import type { BenchParams } from '../params';
import { makeWorkload, staleItems } from '../workload';

/** One contender's scenario 2 result. */
export interface BurstRow {
  readonly name: string;
  readonly observers: number;
  readonly maxPerObserver: number;
  readonly meanPerObserver: number;
  readonly flushes: number | null;
  readonly ms: number;
  readonly staleItems: number;
}

/**
 * Scenario 2: BURST_U updates to BURST_E hot entities, all arriving within one frame, with
 * BURST_L observed lists of BURST_S items: how many times is each observer told?
 */
export async function runBurst(params: BenchParams, contenders: readonly Contender[]): Promise<BurstRow[]> {
  const workload = makeWorkload(params.BURST_E, params.BURST_L, params.BURST_S, params.BURST_U, 7);
  const rows: BurstRow[] = [];
  for (const contender of contenders) {
    const cache = contender.setup(workload);
    try {
      const ms = await timeMs(() => cache.apply(workload.updates));
      const counts = cache.notificationsPerList();
      rows.push({
        name: contender.name,
        observers: counts.length,
        maxPerObserver: Math.max(...counts),
        meanPerObserver: counts.reduce((sum, count) => sum + count, 0) / counts.length,
        flushes: cache.flushes?.() ?? null,
        ms,
        staleItems: staleItems(workload, (j) => cache.listItems(j)),
      });
    } finally {
      cache.dispose();
    }
  }
  return rows;
}
