/** What the benchmark runs; every field can be set by flag (`--E=5000`) or environment (`E=5000` or `BENCH_E=5000`). */
export interface BenchParams {
  /** Entities cached (each has a detail entry). */
  readonly E: number;
  /** Cached lists, one live observer each. */
  readonly L: number;
  /** Items per list. */
  readonly S: number;
  /** Versioned updates in scenario 1. */
  readonly U: number;
  /** Measured runs per contender (after one warm-up); the median is reported. */
  readonly RUNS: number;
  /** Updates given to the peers in scenario 1 when they are too slow for U (rates are per update either way). */
  readonly PEER_U: number;
  /** Events per frame for the per-frame batched row (a frame at 60 fps of a stream of FRAME_EVENTS x 60 events/s). */
  readonly FRAME_EVENTS: number;
  /** Scenario 2: updates in the burst, hot entities, observed lists, items per list. */
  readonly BURST_U: number;
  readonly BURST_E: number;
  readonly BURST_L: number;
  readonly BURST_S: number;
  /** Scenario 3: keys and namespaces. */
  readonly KEYS: number;
  readonly NAMESPACES: number;
  /** Scenario 4: subscribe/unsubscribe cycles. */
  readonly CYCLES: number;
  /** Which scenarios to run (all by default). */
  readonly only: readonly string[];
  readonly quick: boolean;
}

const FULL: Omit<BenchParams, 'only' | 'quick'> = {
  E: 5000,
  L: 500,
  S: 50,
  U: 20_000,
  RUNS: 3,
  PEER_U: 2000,
  FRAME_EVENTS: 250,
  BURST_U: 10_000,
  BURST_E: 100,
  BURST_L: 50,
  BURST_S: 20,
  KEYS: 100_000,
  NAMESPACES: 20,
  CYCLES: 100_000,
};

/** `--quick`: small sizes, a few seconds in all. */
const QUICK: Omit<BenchParams, 'only' | 'quick'> = {
  ...FULL,
  E: 500,
  L: 50,
  S: 20,
  U: 2000,
  RUNS: 2,
  PEER_U: 500,
  BURST_U: 2000,
  KEYS: 10_000,
  CYCLES: 10_000,
};

const SCENARIOS = ['throughput', 'burst', 'invalidation', 'memory'] as const;

/** Reads flags first, then the environment, then the defaults (full or `--quick`). */
export function readParams(argv: readonly string[], env: NodeJS.ProcessEnv): BenchParams {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([A-Za-z_-]+)(?:=(.*))?$/.exec(arg);
    if (match) flags.set(match[1].toUpperCase().replace(/-/g, '_'), match[2] ?? 'true');
  }
  const quick = flags.get('QUICK') === 'true' || env['BENCH_QUICK'] === '1';
  const defaults = quick ? QUICK : FULL;
  const numbers = Object.fromEntries(
    Object.entries(defaults).map(([name, fallback]) => {
      const raw = flags.get(name) ?? env[`BENCH_${name}`] ?? env[name];
      const value = raw === undefined ? fallback : Number(raw);
      if (!Number.isInteger(value) || value <= 0) throw new Error(`bench: ${name} must be a positive integer, got ${raw}`);
      return [name, value];
    }),
  ) as Omit<BenchParams, 'only' | 'quick'>;
  const only = (flags.get('ONLY') ?? env['BENCH_ONLY'] ?? SCENARIOS.join(',')).split(',').filter(Boolean);
  for (const name of only) if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`bench: unknown scenario '${name}'; use ${SCENARIOS.join(', ')}`);
  if (numbers.S > numbers.E || numbers.BURST_S > numbers.BURST_E) throw new Error('bench: a list cannot hold more items than there are entities');
  return { ...numbers, only, quick };
}
