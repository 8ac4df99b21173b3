import { QueryClient } from '@tanstack/query-core';
import { CacheHub } from 'ngx-cache-hub/core';
import { namespacedQueryKey } from '../contenders/tanstack-query';
import { median, timeMs } from '../measure';
import type { BenchParams } from '../params';

/** One way of invalidating scenario 3's namespace lists. */
export interface InvalidationRow {
  readonly name: string;
  readonly medianMs: number;
  readonly matched: number;
  /** Keys the method looks at to find them. */
  readonly examined: number;
}

const TARGET = 'ns7';
const LIST_SHARE = 0.2;

/**
 * Scenario 3: KEYS keys in NAMESPACES namespaces (a fifth of each namespace are lists); invalidate
 * one namespace's lists. Setup is untimed; ours drops the (unobserved) matched entries, so they
 * are written back between runs, untimed.
 */
export async function runInvalidation(params: BenchParams): Promise<InvalidationRow[]> {
  const perNamespace = Math.floor(params.KEYS / params.NAMESPACES);
  const lists = Math.floor(perNamespace * LIST_SHARE);
  const runs = Math.max(params.RUNS, 5);
  const kindOf = (n: number) => (n < lists ? 'list' : 'detail');
  const hubKey = (namespace: string, n: number) => `${namespace}:${kindOf(n)}-${n}`;
  const namespaces = Array.from({ length: params.NAMESPACES }, (_, k) => `ns${k}`);
  const pattern = new RegExp(`^${TARGET}:list-`);
  const rows: InvalidationRow[] = [];

  const hub = new CacheHub({ maxEntries: Infinity, ttl: Infinity, gcTime: Infinity });
  for (const namespace of namespaces) for (let n = 0; n < perNamespace; n++) hub.set(hubKey(namespace, n), { n });
  const oursMs: number[] = [];
  let oursMatched = 0;
  for (let run = 0; run < runs; run++) {
    oursMs.push(await timeMs(() => (oursMatched = hub.invalidate(pattern))));
    for (let n = 0; n < lists; n++) hub.set(hubKey(TARGET, n), { n });
  }
  rows.push({ name: `ngx-cache-hub hub.invalidate(${pattern})`, medianMs: median(oursMs), matched: oursMatched, examined: hub.keysInNamespace(TARGET).size });
  hub.destroy();

  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, gcTime: Infinity } } });
  for (const namespace of namespaces) for (let n = 0; n < perNamespace; n++) client.setQueryData(namespacedQueryKey(namespace, kindOf(n), n), { n });
  const total = client.getQueryCache().getAll().length;
  const byPrefix = { queryKey: [TARGET, 'list'] };
  const byPredicate = { predicate: (query: { queryKey: readonly unknown[] }) => query.queryKey[0] === TARGET && query.queryKey[1] === 'list' };
  for (const [name, filters] of [
    ["@tanstack/query-core invalidateQueries({ queryKey: ['ns7', 'list'] })", byPrefix],
    ['@tanstack/query-core invalidateQueries({ predicate })', byPredicate],
  ] as const) {
    const ms: number[] = [];
    for (let run = 0; run < runs; run++) ms.push(await timeMs(() => client.invalidateQueries(filters)));
    rows.push({ name, medianMs: median(ms), matched: client.getQueryCache().findAll(filters).length, examined: total });
  }
  client.clear();

  const keys = new Map<string, { stale: boolean }>();
  for (const namespace of namespaces) for (let n = 0; n < perNamespace; n++) keys.set(hubKey(namespace, n), { stale: false });
  const bruteMs: number[] = [];
  let bruteMatched = 0;
  for (let run = 0; run < runs; run++) {
    bruteMs.push(
      await timeMs(() => {
        bruteMatched = 0;
        for (const [key, entry] of keys) if (pattern.test(key)) ((entry.stale = true), bruteMatched++);
      }),
    );
  }
  rows.push({ name: 'brute force: regex over every key of a Map', medianMs: median(bruteMs), matched: bruteMatched, examined: keys.size });
  return rows;
}
