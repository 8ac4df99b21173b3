import { open, type FileHandle } from 'node:fs/promises';
import { applyAndPublish, READY, type BusReadiness, type CommandBus } from '../command-bus';
import type { LiveStore } from '../store/live-store';
import type { CommandResult, StoreCommand } from '../store/store-command';
import type { EventHub } from '../stream/event-hub';
import { writeDataDirSnapshot } from './data-dir-snapshot';
import type { OpenedDataDir } from './open-data-dir';

/** Options of {@link DurableBus.open}. */
export interface DurableBusOptions {
  /** How long the first command of a batch waits for others to share its fsync. Default 2 ms. */
  groupCommitMs?: number;
  /** Commands logged before the state is compacted into the snapshot and the log emptied. Default 10 000. */
  compactEvery?: number;
}

interface Pending {
  command: StoreCommand;
  resolve: (result: CommandResult) => void;
  reject: (error: Error) => void;
}

/**
 * Durable before acknowledged: each command is appended to the JSON-lines log and fsynced
 * (commands arriving within `groupCommitMs` share one write and one fsync) before it is
 * applied, published and answered. Commands are applied in log order, so replaying the log
 * at start rebuilds exactly the state, ids, versions and seq that were acknowledged.
 */
export class DurableBus implements CommandBus {
  readonly mode = 'durable' as const;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private failure: Error | undefined;
  private closed = false;
  private sinceSnapshot = 0;
  private logged: number;

  private constructor(
    private readonly data: OpenedDataDir,
    private readonly file: FileHandle,
    private readonly options: DurableBusOptions,
  ) {
    this.logged = data.appliedThrough;
    this.sinceSnapshot = data.replayed;
  }

  /** Opens the log of a loaded data directory for appending. */
  static async open(data: OpenedDataDir, options: DurableBusOptions = {}): Promise<DurableBus> {
    return new DurableBus(data, await open(data.paths.log, 'a'), options);
  }

  private get store(): LiveStore {
    return this.data.store;
  }

  private get hub(): EventHub {
    return this.data.hub;
  }

  submit(command: StoreCommand): Promise<CommandResult> {
    if (this.closed) return Promise.reject(new Error('ngx-cache-hub live-server: the server is closing'));
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ command, resolve, reject });
      this.schedule();
    });
  }

  readiness(): BusReadiness {
    return this.failure ? { ready: false, serving: true, reason: this.failure.message } : READY;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    // Commands accepted before closing are still written and answered.
    if (this.queue.length > 0) await this.flush();
    if (!this.failure && this.sinceSnapshot > 0) await this.compact();
    await this.file.close();
  }

  private schedule(): void {
    if (this.flushing || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flush().finally(() => {
        this.flushing = undefined;
        if (this.queue.length > 0 && !this.closed) this.schedule();
      });
    }, this.options.groupCommitMs ?? 2);
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0);
    if (batch.length === 0 || this.failure) return this.rejectAll(batch);
    const first = this.logged + 1;
    const text = batch.map((pending, index) => `${JSON.stringify({ n: first + index, command: pending.command })}\n`).join('');
    try {
      await this.file.writeFile(text);
      await this.file.datasync();
    } catch (error) {
      // Whether the lines reached the disk is unknown; stop taking writes rather than guess.
      this.failure = new Error(`ngx-cache-hub live-server: could not write ${this.data.paths.log} (${(error as Error).message}); outcome unknown`);
      console.error(this.failure.message);
      return this.rejectAll(batch);
    }
    this.logged += batch.length;
    this.sinceSnapshot += batch.length;
    for (const pending of batch) {
      try {
        pending.resolve(applyAndPublish(this.store, this.hub, pending.command));
      } catch (error) {
        pending.reject(error as Error);
      }
    }
    if (this.sinceSnapshot >= (this.options.compactEvery ?? 10_000)) {
      // The log still holds every command, so a failed compaction loses nothing; it is retried later.
      await this.compact().catch((error: Error) => console.error(`ngx-cache-hub live-server: could not compact the data directory: ${error.message}`));
    }
  }

  /** Writes the state as of the last logged command into the snapshot, then empties the log. */
  private async compact(): Promise<void> {
    writeDataDirSnapshot(this.data.paths.snapshot, {
      format: 2,
      appliedThrough: this.logged,
      store: this.store.snapshot(),
      hub: this.hub.snapshot(),
    });
    await this.file.truncate(0);
    await this.file.datasync();
    this.sinceSnapshot = 0;
  }

  private rejectAll(batch: Pending[]): void {
    const error = this.failure ?? new Error('ngx-cache-hub live-server: the server is closing');
    for (const pending of batch) pending.reject(error);
  }
}
