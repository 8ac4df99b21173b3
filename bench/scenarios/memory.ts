import { skip } from 'rxjs';
import { ngxCacheHubUnbatched, productListKey, seededHub } from '../contenders/ngx-cache-hub';
import { apolloCache, seededApolloCache, watchList } from '../contenders/apollo-cache';
import type { Contender } from '../contenders/contender';
import { floor } from '../contenders/floor';
import { liveList, syncedProducts, tanstackDb } from '../contenders/tanstack-db';
import { listObserver, seededQueryClient, tanstackQuery } from '../contenders/tanstack-query';
import { median, settledHeap } from '../measure';
import type { BenchParams } from '../params';
import { makeWorkload, type Workload } from '../workload';

/** Heap one library needs per cached entity. */
export interface HeapRow {
  readonly name: string;
  readonly bytesPerEntity: number;
}

/** Heap around two rounds of many subscribe/unsubscribe cycles. */
export interface CyclesRow {
  readonly name: string;
  /** Cycles per measured round (after one warm-up round). */
  readonly cycles: number;
  readonly heapBefore: number;
  readonly heapAfter: number;
  /** heapAfter - heapBefore, over both rounds. */
  readonly growth: number;
  /** Growth during the second round alone: a bounded cache fills in the first round, a leak keeps growing. */
  readonly secondRoundGrowth: number;
}

/**
 * Scenario 4a: heap after GC per cached entity, for the scenario 1 cache (details, lists holding
 * their own item objects as parsed from a response, one observer per list), divided by E. Each
 * contender is built once to warm up, then measured three times; the median is reported.
 */
export async function runHeapPerEntity(params: BenchParams): Promise<HeapRow[]> {
  const workload = makeWorkload(params.E, params.L, params.S, 0);
  const contenders: Contender[] = [ngxCacheHubUnbatched, tanstackQuery, apolloCache(), tanstackDb(), floor];
  const rows: HeapRow[] = [];
  for (const contender of contenders) {
    contender.setup(workload).dispose();
    const samples: number[] = [];
    for (let sample = 0; sample < 3; sample++) samples.push(await heapOf(contender, workload));
    rows.push({ name: contender.name, bytesPerEntity: median(samples) / params.E });
  }
  return rows;
}

/**
 * Heap after GC that one build of `contender`'s cache holds. A function of its own, so that no
 * frame of the caller (an async one keeps its registers across awaits) still holds the disposed
 * previous build when the next one's "before" is read: that made every contender look smaller by
 * whatever its disposed cache kept.
 */
export async function heapOf(contender: Contender, workload: Workload): Promise<number> {
  const before = await settledHeap();
  const cache = contender.setup(workload);
  const after = await settledHeap();
  cache.dispose();
  return after - before;
}

/**
 * Scenario 4b: rounds of CYCLES subscribe/unsubscribe of a list (a component mounting and
 * unmounting), with only that library's cache alive. One warm-up round (code, inline caches and
 * hash tables settle), then heap after GC before, between and after two measured rounds.
 * Growth near 0 means nothing is left behind.
 */
export async function runSubscribeCycles(params: BenchParams): Promise<CyclesRow[]> {
  const workload = makeWorkload(Math.min(params.E, 1000), Math.min(params.L, 100), Math.min(params.S, 20), 0);
  const lists = workload.lists.length;
  const measure = async (name: string, cycle: (n: number) => void): Promise<CyclesRow> => {
    const round = () => {
      for (let n = 0; n < params.CYCLES; n++) cycle(n);
    };
    round();
    const heapBefore = await settledHeap();
    round();
    const heapBetween = await settledHeap();
    round();
    const heapAfter = await settledHeap();
    return { name, cycles: params.CYCLES, heapBefore, heapAfter, growth: heapAfter - heapBefore, secondRoundGrowth: heapAfter - heapBetween };
  };
  const rows: CyclesRow[] = [];
  const { hub } = seededHub(workload);
  rows.push(
    await measure('ngx-cache-hub hub.watch(list).subscribe() / unsubscribe()', (n) =>
      hub
        .watch(productListKey(n % lists))
        .pipe(skip(1))
        .subscribe()
        .unsubscribe(),
    ),
  );
  hub.destroy();
  const client = seededQueryClient(workload);
  rows.push(await measure('@tanstack/query-core new QueryObserver(list).subscribe() / unsubscribe', (n) => listObserver(client, n % lists).subscribe(() => {})()));
  client.clear();
  const apollo = seededApolloCache(workload);
  rows.push(await measure('@apollo/client cache.watch(list) / unwatch', (n) => watchList(apollo, n % lists, () => {})()));
  apollo.reset();
  const { products } = syncedProducts(workload);
  const liveLists = workload.lists.map((ids) => liveList(products, ids));
  rows.push(
    await measure('@tanstack/db liveQuery(list).subscribeChanges({ includeInitialState }) / unsubscribe()', (n) =>
      liveLists[n % lists].subscribeChanges(() => {}, { includeInitialState: true }).unsubscribe(),
    ),
  );
  liveLists.forEach((list) => void list.cleanup());
  void products.cleanup();
  return rows;
}
