import type { CommandBus } from './command-bus';
import { DurableBus } from './durable/durable-bus';
import { refuseOverlappingDataPaths } from './durable/data-path-overlap';
import { dataDirPaths, dataFilePaths, openDataDir } from './durable/open-data-dir';
import type { LiveServerOptions } from './live-server-options';
import { LocalBus } from './local-bus';
import { RedisBus } from './redis-bus';
import { LiveStore, type StoreSnapshot } from './store/live-store';
import { EventHub, type EventHubSnapshot } from './stream/event-hub';

/** The state a server runs on and the bus that changes it. */
export interface ServerState {
  store: LiveStore;
  hub: EventHub;
  bus: CommandBus;
}

/**
 * Opens the server's state from its one source: a data directory (durable), Redis (shared),
 * a snapshot or the seed data (in memory, a new epoch). `onReset` is called when the state was
 * replaced under running connections (Redis catch-up) or must no longer be served.
 */
export async function openServerState(options: LiveServerOptions, onReset: () => void): Promise<ServerState> {
  if ([options.redisUrl, options.dataDir ?? options.dataFile, options.snapshot].filter((source) => source !== undefined).length > 1) {
    throw new Error('ngx-cache-hub live-server: choose one source of state: REDIS_URL, DATA_DIR (or DATA_FILE) or a snapshot.');
  }
  if (options.dataDir && options.dataFile) throw new Error('ngx-cache-hub live-server: set DATA_DIR or DATA_FILE, not both.');
  const seed = options.seed ?? 42;
  const createState = (initial?: { store: StoreSnapshot; hub: EventHubSnapshot }) => ({
    store: new LiveStore({ seed, idempotencyCacheSize: options.idempotencyCacheSize, snapshot: initial?.store, maxSettledOrdersPerUser: options.maxSettledOrdersPerUser }),
    hub: new EventHub(options.historySize ?? 1000, initial?.hub),
  });
  const paths = options.dataDir ? dataDirPaths(options.dataDir) : options.dataFile ? dataFilePaths(options.dataFile) : undefined;
  if (paths) {
    refuseOverlappingDataPaths(options);
    const log = options.log ?? console.log;
    const opened = openDataDir(paths, createState, log, { forceNewEpoch: options.newEpoch });
    log(
      `ngx-cache-hub live server: durable data in ${paths.snapshot} and ${paths.log} (epoch ${opened.hub.epoch}, seq ${opened.hub.latestSeq}, ${opened.replayed} commands replayed from the log)`,
    );
    const bus = await DurableBus.open(opened, { groupCommitMs: options.groupCommitMs, compactEvery: options.compactEvery, log: options.log ? options.log : undefined });
    return { store: opened.store, hub: opened.hub, bus };
  }
  const { store, hub } = createState(options.snapshot);
  if (!options.redisUrl) return { store, hub, bus: new LocalBus(store, hub) };
  const bus = await RedisBus.connect({
    url: options.redisUrl,
    prefix: options.redisPrefix,
    logSize: options.redisLogSize,
    snapshotEvery: options.redisSnapshotEvery,
    submitTimeoutMs: options.redisSubmitTimeoutMs,
    checkIntervalMs: options.redisCheckIntervalMs,
    store,
    hub,
    seed,
    onReset,
  });
  return { store, hub, bus };
}
