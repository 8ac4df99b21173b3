/** Limits and timing of a {@link CacheInspector}; every list it keeps is capped. */
export interface InspectorOptions {
  /** Frames kept in the event stream (newest). Default `500`. */
  readonly maxFrames?: number;
  /** Changes kept per entry. Default `30`. */
  readonly maxHistory?: number;
  /** Entries with a history kept at once; the least recently changed beyond it are forgotten. Default `500`. */
  readonly maxTrackedKeys?: number;
  /** Errors kept. Default `100`. */
  readonly maxErrors?: number;
  /** Flushes kept. Default `20`. */
  readonly maxFlushes?: number;
  /** Entry rows handed to the view; the others matching are only counted (`matchingCount`). Default `200`. */
  readonly maxRows?: number;
  /**
   * Frame rows handed to the view, newest first; the others are only counted (`frameCount`), so the
   * panel never renders more than this many frames whatever the rate. Default `50`.
   */
  readonly maxFrameRows?: number;
  /** How often listeners get a new state (ms); an action (filter, invalidate…) adds one at the next animation frame. Default `500`. */
  readonly refreshMs?: number;
  /** The clock, for tests. Default `Date.now`. */
  readonly now?: () => number;
}

/** Options with their defaults filled in. */
export type ResolvedInspectorOptions = Required<InspectorOptions>;

/** Fills in the defaults. */
export function resolveInspectorOptions(options: InspectorOptions): ResolvedInspectorOptions {
  return {
    maxFrames: options.maxFrames ?? 500,
    maxHistory: options.maxHistory ?? 30,
    maxTrackedKeys: options.maxTrackedKeys ?? 500,
    maxErrors: options.maxErrors ?? 100,
    maxFlushes: options.maxFlushes ?? 20,
    maxRows: options.maxRows ?? 200,
    maxFrameRows: options.maxFrameRows ?? 50,
    refreshMs: options.refreshMs ?? 500,
    now: options.now ?? Date.now,
  };
}
