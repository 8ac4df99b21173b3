import type { BurstRow } from './scenarios/burst';
import type { InvalidationRow } from './scenarios/invalidation';
import type { CyclesRow, HeapRow } from './scenarios/memory';
import type { ThroughputRow } from './scenarios/throughput';

/** Where and how the numbers were taken. */
export interface Environment {
  readonly date: string;
  readonly node: string;
  readonly cpus: number;
  readonly cpuModel: string;
  readonly platform: string;
  /** Installed version of each peer library, by package name (absent in results written before it was recorded). */
  readonly libraries?: Readonly<Record<string, string>>;
}

/** One ratio of ours to another contender, in updates/s. */
export interface Ratio {
  readonly ours: string;
  readonly other: string;
  readonly ratio: number | null;
}

/** Everything a run produced; written to bench/results/latest.json. */
export interface BenchResults {
  readonly environment: Environment;
  readonly params: Record<string, unknown>;
  readonly throughput?: readonly ThroughputRow[];
  readonly ratios?: readonly Ratio[];
  readonly burst?: readonly BurstRow[];
  readonly invalidation?: readonly InvalidationRow[];
  readonly heap?: readonly HeapRow[];
  readonly cycles?: readonly CyclesRow[];
  readonly seconds: number;
}

const OURS = 'ngx-cache-hub';

/** ours / other for every ours row and every other valid row (null when either row is invalid). */
export function ratiosOf(rows: readonly ThroughputRow[]): Ratio[] {
  const ours = rows.filter((row) => row.name.startsWith(OURS));
  const others = rows.filter((row) => !row.name.startsWith(OURS));
  return ours.flatMap((mine) =>
    others.map((other) => ({
      ours: mine.name,
      other: other.name,
      ratio: mine.valid && other.valid ? mine.updatesPerSecond / other.updatesPerSecond : null,
    })),
  );
}

/** The results as Markdown: one table per scenario. */
export function toMarkdown(results: BenchResults): string {
  const { environment: env, params } = results;
  const out: string[] = [
    `Run ${env.date} on ${env.cpus} × ${env.cpuModel} (${env.platform}), Node ${env.node}, ${results.seconds.toFixed(0)} s in all.`,
    ...(env.libraries
      ? [
          `Libraries: ${Object.entries(env.libraries)
            .map(([name, version]) => `${name} ${version}`)
            .join(', ')}`,
        ]
      : []),
    `Parameters: ${Object.entries(params)
      .map(([name, value]) => `${name}=${Array.isArray(value) ? value.join(',') : value}`)
      .join(' ')}`,
    '',
  ];
  if (results.throughput) {
    out.push('### Scenario 1: versioned updates, one observer per list', '');
    out.push(
      table(
        ['contender', 'updates', 'median ms', 'updates/s', 'µs/update', 'notifications', 'flushes', 'stale items'],
        results.throughput.map((row) => [
          row.valid ? row.name : `${row.name} (INVALID: stale items)`,
          int(row.updates),
          row.medianMs.toFixed(1),
          int(row.updatesPerSecond),
          ((row.medianMs * 1000) / row.updates).toFixed(2),
          int(row.notifications),
          row.flushes === null ? '—' : int(row.flushes),
          int(row.staleItems),
        ]),
      ),
      '',
    );
    const most = Math.max(...results.throughput.map((row) => row.updates));
    for (const row of results.throughput) {
      if (row.note) out.push(`- ${row.name}: ${row.note}.`);
      if (row.updates < most)
        out.push(`- ${row.name} ran the first ${int(row.updates)} of the ${int(most)} updates (PEER_U); its cost per update does not grow with the count, so updates/s compare.`);
    }
    out.push('');
  }
  if (results.ratios) {
    const others = [...new Set(results.ratios.map((ratio) => ratio.other))];
    const ours = [...new Set(results.ratios.map((ratio) => ratio.ours))];
    out.push('Ratios of updates/s (ours ÷ other; > 1 means ours is faster):', '');
    out.push(
      table(
        ['', ...others],
        ours.map((mine) => [
          mine,
          ...others.map((other) => {
            const ratio = results.ratios!.find((r) => r.ours === mine && r.other === other)!.ratio;
            return ratio === null ? 'n/a' : `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(2)}×`;
          }),
        ]),
      ),
      '',
    );
  }
  if (results.burst) {
    out.push('### Scenario 2: a burst within one frame', '');
    out.push(
      table(
        ['contender', 'observers', 'max notifications / observer', 'mean / observer', 'flushes', 'ms', 'stale items'],
        results.burst.map((row) => [
          row.name,
          int(row.observers),
          int(row.maxPerObserver),
          row.meanPerObserver.toFixed(1),
          row.flushes === null ? '—' : int(row.flushes),
          row.ms.toFixed(1),
          int(row.staleItems),
        ]),
      ),
      '',
    );
  }
  if (results.invalidation) {
    out.push("### Scenario 3: invalidate one namespace's lists", '');
    out.push(
      table(
        ['method', 'median ms', 'matched', 'keys examined'],
        results.invalidation.map((row) => [row.name, row.medianMs.toFixed(3), int(row.matched), int(row.examined)]),
      ),
      '',
    );
  }
  if (results.heap) {
    out.push('### Scenario 4: memory', '');
    out.push(
      table(
        ['contender', 'heap bytes per cached entity'],
        results.heap.map((row) => [row.name, int(row.bytesPerEntity)]),
      ),
      '',
    );
  }
  if (results.cycles) {
    out.push(
      table(
        ['subscribe / unsubscribe', 'cycles × 2 rounds', 'heap before', 'heap after', 'growth', 'growth in round 2'],
        results.cycles.map((row) => [row.name, int(row.cycles), bytes(row.heapBefore), bytes(row.heapAfter), bytes(row.growth), bytes(row.secondRoundGrowth)]),
      ),
      '',
    );
  }
  return out.join('\n');
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i].length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
  return [line(headers), `|${widths.map((width, i) => (i === 0 ? ` ${'-'.repeat(width)} ` : ` ${'-'.repeat(width - 1)}: `)).join('|')}|`, ...rows.map(line)].join('\n');
}

function int(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function bytes(value: number): string {
  const sign = value < 0 ? '-' : '';
  const size = Math.abs(value);
  return size >= 1024 * 1024 ? `${sign}${(size / 1024 / 1024).toFixed(1)} MB` : `${sign}${(size / 1024).toFixed(1)} KB`;
}
