import { merge, Subscription } from 'rxjs';
import type { CacheHubError, EntrySnapshot, KeyPattern } from 'ngx-cache-hub/core';
import { ChangeTracker } from './change-tracker';
import { ConnectionTracker } from './connection-tracker';
import { EntryHistory } from './entry-history';
import { entryRows } from './entry-rows';
import { FlushTracker } from './flush-tracker';
import { FrameLog } from './frame-log';
import { type InspectorOptions, resolveInspectorOptions, type ResolvedInspectorOptions } from './inspector-options';
import type { InspectorSources } from './inspector-sources';
import type { ErrorRecord, HistoryRecord, InspectorState } from './inspector-state';
import { invalidPattern, keyFilter } from './key-filter';
import { OfflineTracker } from './offline-tracker';
import { RefreshScheduler } from './refresh-scheduler';
import { RingBuffer } from './ring-buffer';

/** One entry opened in the inspector: its snapshot and its recorded changes, newest first. */
export interface EntryDetail {
  readonly snapshot: EntrySnapshot;
  readonly history: readonly HistoryRecord[];
}

/**
 * The devtools' model, framework-free: what the cache holds and why it changed, the event stream
 * with what became of each frame, the connection, the batcher and the offline queue, plus the
 * actions a developer takes on them. It observes no entry (entries are read with `hub.inspect()`
 * and changes heard as a hub plugin), so it never keeps an entry alive; every list it keeps is
 * capped, the view gets at most `maxRows` entries and `maxFrameRows` frames, and listeners hear
 * once per `refreshMs` (plus once per animation frame in which an action ran), so a stream of
 * 1 000 events/s costs little more than the events themselves. `destroy()` leaves no timer, plugin or subscription.
 *
 * @example
 * const inspector = new CacheInspector({ hub, client, sync, batcher, queue });
 * const stop = inspector.subscribe((state) => render(state));
 * inspector.invalidate('/^products:/');
 */
export class CacheInspector {
  readonly #options: ResolvedInspectorOptions;
  readonly #history: EntryHistory;
  readonly #frames: FrameLog;
  readonly #errors: RingBuffer<ErrorRecord>;
  readonly #changes: ChangeTracker;
  readonly #connection: ConnectionTracker | undefined;
  readonly #flushes: FlushTracker | undefined;
  readonly #offline: OfflineTracker | undefined;
  readonly #subscription = new Subscription();
  readonly #listeners = new Set<(state: InspectorState) => void>();
  readonly #refresh: RefreshScheduler;
  #filterText = '';
  #filter: KeyPattern | undefined;
  #offlineSimulated = false;

  readonly #sources: InspectorSources;

  constructor(sources: InspectorSources, options: InspectorOptions = {}) {
    this.#sources = sources;
    const o = (this.#options = resolveInspectorOptions(options));
    this.#refresh = new RefreshScheduler(o.refreshMs, () => this.#emit());
    this.#history = new EntryHistory(o.maxHistory, o.maxTrackedKeys);
    this.#frames = new FrameLog(o.maxFrames, o.now);
    this.#errors = new RingBuffer<ErrorRecord>(o.maxErrors);
    this.#changes = new ChangeTracker(sources.hub, this.#history, this.#frames, o.now);
    const { client, batcher, queue } = sources;
    this.#flushes = batcher && new FlushTracker(batcher, o.maxFlushes, o.now);
    this.#changes.onTurnEnd = () => this.#flushes?.look();
    this.#changes.onWrite = (key) => this.#flushes?.wrote(key);
    if (client) {
      this.#connection = new ConnectionTracker(client, sources.sync, sources.transport, sources.heartbeatTimeoutMs, o.now);
      this.#subscription.add(client.events$.subscribe((event) => this.#changes.received(event)));
      this.#subscription.add(client.errors$.subscribe((error) => this.#frames.dropped(error)));
    }
    this.#offline = queue && new OfflineTracker(queue);
    const errors = [sources.errors$ ?? client?.errors$, queue?.errors$].filter((source) => source !== undefined);
    this.#subscription.add(merge(...errors).subscribe((error) => this.#error(error)));
  }

  /** Calls `listener` with the state now, every `refreshMs` after and once after an action; returns a function that stops it. */
  subscribe(listener: (state: InspectorState) => void): () => void {
    this.#listeners.add(listener);
    listener(this.state());
    this.#refresh.start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#refresh.stop();
    };
  }

  /** Filters the entries: a substring, a `*` glob or a `/RegExp/`. */
  setFilter(text: string): void {
    this.#filterText = text;
    this.#filter = text.trim() === '' ? undefined : keyFilter(text);
    this.#refresh.soon();
  }

  /** Everything the panel shows, now. */
  state(): InspectorState {
    const now = this.#options.now();
    const snapshots = this.#sources.hub.inspect();
    this.#history.prune(new Set(snapshots.map((snapshot) => snapshot.key)));
    if (!this.#sources.batcher || this.#sources.batcher.stats().pending === 0) this.#frames.settle();
    this.#frames.settleOlderThan(now - 2_000);
    this.#flushes?.look();
    const { rows, matching } = entryRows(snapshots, this.#filter, this.#history, now, this.#options.maxRows);
    return {
      at: now,
      filter: this.#filterText,
      filterInvalid: this.#filter === invalidPattern,
      entries: rows,
      entryCount: snapshots.length,
      matchingCount: matching,
      frames: this.#frames.newest(this.#options.maxFrameRows),
      frameCount: this.#frames.count,
      outcomes: this.#frames.outcomes(),
      errors: this.#errors.newest(),
      connection: this.#connection?.state(this.#frames.lastFrameAt) ?? null,
      batcher: this.#flushes?.state() ?? null,
      offline: this.#offline?.state() ?? null,
      canSimulateOffline: this.#sources.simulateOffline !== undefined,
      simulatedOffline: this.#offlineSimulated,
    };
  }

  /** One entry's snapshot and history, or undefined when the hub does not hold it. */
  detail(key: string): EntryDetail | undefined {
    const snapshot = this.#sources.hub.inspect().find((candidate) => candidate.key === key);
    return snapshot && { snapshot, history: this.#history.of(key) };
  }

  /** Invalidates the entries matching `pattern` (an exact key, a `*` glob or a `/RegExp/`); observed ones refetch. Returns how many matched. */
  invalidate(pattern: string): number {
    const matched = this.#sources.hub.invalidate(keyFilter(pattern, 'invalidate'));
    this.#refresh.soon();
    return matched;
  }

  /** Refetches `key` from its recorded source now. */
  refetch(key: string): void {
    this.#sources.hub.refetch(key);
    this.#refresh.soon();
  }

  /** Puts a failed offline action back in the queue. */
  retry(id: string): Promise<boolean> {
    return this.#sources.queue?.retry(id) ?? Promise.resolve(false);
  }

  /** Drops a failed offline action for good. */
  discard(id: string): Promise<boolean> {
    return this.#sources.queue?.discard(id) ?? Promise.resolve(false);
  }

  /** Takes the app offline (true) or back online (false), when the sources can. */
  simulateOffline(offline: boolean): void {
    if (!this.#sources.simulateOffline) return;
    this.#offlineSimulated = offline;
    this.#sources.simulateOffline(offline);
    this.#refresh.soon();
  }

  /** Stops recording and listening; leaves no timer, plugin or subscription, and ends a simulated offline. */
  destroy(): void {
    if (this.#offlineSimulated) this.simulateOffline(false);
    this.#refresh.stop();
    this.#listeners.clear();
    this.#changes.destroy();
    this.#connection?.destroy();
    this.#offline?.destroy();
    this.#subscription.unsubscribe();
    this.#history.clear();
  }

  #emit(): void {
    if (this.#listeners.size === 0) return;
    const state = this.state();
    for (const listener of this.#listeners) listener(state);
  }

  #error(error: CacheHubError): void {
    this.#errors.push({ at: this.#options.now(), code: error.code, message: error.message });
  }
}
