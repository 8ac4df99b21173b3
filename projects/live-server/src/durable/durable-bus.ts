import { open, type FileHandle } from 'node:fs/promises';
import { applyAndPublish, READY, type BusReadiness, type CommandBus } from '../command-bus';
import type { LiveStore } from '../store/live-store';
import type { CommandResult, StoreCommand } from '../store/store-command';
import type { EventHub } from '../stream/event-hub';
import { updateLogHead } from './log-head';
import { encodeLogLine } from './log-line';
import { compactDataDir, type OpenedDataDir } from './open-data-dir';

/** Options of {@link DurableBus.open}. */
export interface DurableBusOptions {
  /** How long the first command of a batch waits for others to share its fsync. Default 2 ms. */
  groupCommitMs?: number;
  /** Commands logged before the state is compacted into the snapshot and the log emptied. Default 10 000. */
  compactEvery?: number;
  /** Where write and compaction failures are reported. Default `console.error`. */
  log?: (message: string) => void;
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
  /** Why the log cannot be written now: writes are refused until it can be again. */
  private failure: Error | undefined;
  private recoveryTimer: NodeJS.Timeout | undefined;
  /** Why the last compaction failed (the log still holds every command). */
  private compactionFailure: Error | undefined;
  private lastCompactionAttempt = 0;
  private closed = false;
  private sinceSnapshot = 0;
  private logged: number;
  private logId: string;
  /** Bytes of the log that are known to be on disk (the end of the last fsynced batch). */
  private logBytes: number;
  private readonly log: (message: string) => void;

  private constructor(
    private readonly data: OpenedDataDir,
    private file: FileHandle,
    private readonly headFile: FileHandle | undefined,
    private readonly options: DurableBusOptions,
  ) {
    this.logged = data.appliedThrough;
    this.sinceSnapshot = data.uncompacted;
    this.logId = data.logId;
    this.logBytes = data.logBytes;
    this.log = options.log ?? ((message) => console.error(message));
  }

  /** Opens the log of a loaded data directory for appending. */
  static async open(data: OpenedDataDir, options: DurableBusOptions = {}): Promise<DurableBus> {
    return new DurableBus(data, await open(data.paths.log, 'a'), await openHead(data.paths.head, options.log ?? console.error), options);
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
    if (this.failure) return { ready: false, serving: true, reason: this.failure.message };
    if (this.compactionFailure) return { ready: false, serving: true, reason: this.compactionFailure.message };
    return READY;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.recoveryTimer);
    this.timer = undefined;
    try {
      await this.flushing;
      // Commands accepted before closing are still written and answered.
      if (this.queue.length > 0) await this.flush();
      if (!this.failure && this.sinceSnapshot > 0) {
        try {
          await this.compact();
        } catch (error) {
          const message =
            `ngx-cache-hub live-server: could not write the final snapshot at the stop (${(error as Error).message}). ` +
            `Nothing is lost: ${this.data.paths.snapshot} and ${this.data.paths.log} are unchanged and the next start replays the log.`;
          this.log(message);
          throw new Error(message);
        }
      }
    } finally {
      await this.file.close().catch(() => undefined);
      await this.headFile?.close().catch(() => undefined);
      this.data.unlock();
    }
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
    const text = batch.map((pending, index) => encodeLogLine(first + index, pending.command)).join('');
    try {
      await this.file.writeFile(text);
      await this.file.datasync();
    } catch (error) {
      // Whether the lines reached the disk is unknown; stop taking writes rather than guess.
      this.failure = new Error(`ngx-cache-hub live-server: could not write ${this.data.paths.log} (${(error as Error).message}); outcome unknown`);
      this.log(`${this.failure.message}; writes are refused until the log can be written again`);
      this.startRecovery();
      return this.rejectAll(batch);
    }
    this.logBytes += Buffer.byteLength(text);
    this.logged += batch.length;
    this.sinceSnapshot += batch.length;
    const results = batch.map((pending) => {
      try {
        return applyAndPublish(this.store, this.hub, pending.command);
      } catch (error) {
        return error as Error;
      }
    });
    // Before answering: a later start that finds fewer commands in the log knows it lost some.
    if (this.headFile)
      await updateLogHead(this.headFile, { epoch: this.hub.epoch, n: this.logged, seq: this.hub.latestSeq, nextOrderNumber: this.store.nextOrderNumber }).catch((error: Error) =>
        this.log(`ngx-cache-hub live-server: could not update ${this.data.paths.head} (${error.message}); a later start may not detect a log cut back`),
      );
    batch.forEach((pending, index) => {
      const result = results[index];
      if (result instanceof Error) pending.reject(result);
      else pending.resolve(result);
    });
    const due = this.sinceSnapshot >= (this.options.compactEvery ?? 10_000);
    // After a failed compaction, retry at most once a second (each try writes the whole state).
    if (due && (!this.compactionFailure || Date.now() - this.lastCompactionAttempt >= 1000)) {
      // The log still holds every command, so a failed compaction loses nothing; it is retried later.
      await this.compact().catch(() => undefined);
    }
  }

  /**
   * After a failed append: cuts the log back to its last fsynced end (dropping whatever part of
   * the failed batch reached it, whose writes were answered "outcome unknown" and not applied)
   * once a second until that works, then takes writes again.
   */
  private startRecovery(): void {
    if (this.recoveryTimer) return;
    let trying = false;
    this.recoveryTimer = setInterval(() => {
      if (trying || this.closed) return;
      trying = true;
      void (async () => {
        try {
          await this.file.truncate(this.logBytes);
          await this.file.datasync();
          clearInterval(this.recoveryTimer);
          this.recoveryTimer = undefined;
          this.log(`ngx-cache-hub live-server: ${this.data.paths.log} can be written again (cut back to its last fsynced command ${this.logged}); taking writes again`);
          this.failure = undefined;
          if (this.queue.length > 0) this.schedule();
        } catch {
          // Still failing: try again in a second.
        } finally {
          trying = false;
        }
      })();
    }, 1000);
    this.recoveryTimer.unref();
  }

  /** Writes the state as of the last logged command into the snapshot, then replaces the log by an empty one. */
  private async compact(): Promise<void> {
    this.lastCompactionAttempt = Date.now();
    let written: ReturnType<typeof compactDataDir>;
    try {
      written = compactDataDir(this.data.paths, { store: this.store, hub: this.hub, appliedThrough: this.logged, currentLogId: this.logId });
    } catch (error) {
      this.compactionFailure = new Error(
        `ngx-cache-hub live-server: could not compact the data directory (${(error as Error).message}); the old snapshot and the log are kept and still hold every acknowledged write`,
      );
      this.log(this.compactionFailure.message);
      throw this.compactionFailure;
    }
    // The snapshot now holds everything logged.
    this.sinceSnapshot = 0;
    if (!written.logReplaced) {
      // The old log (named by the snapshot as the previous one) stays and takes the next commands.
      this.compactionFailure = new Error(
        `ngx-cache-hub live-server: wrote the snapshot but could not start a new log (${written.error?.message}); the old log is kept and still taken`,
      );
      this.log(this.compactionFailure.message);
      return;
    }
    const next = await open(this.data.paths.log, 'a');
    const previous = this.file;
    this.file = next;
    this.logId = written.logId;
    this.logBytes = written.logBytes;
    await previous.close().catch(() => undefined);
    if (this.compactionFailure) this.log('ngx-cache-hub live-server: compacted the data directory again');
    this.compactionFailure = undefined;
  }

  private rejectAll(batch: Pending[]): void {
    const error = this.failure ?? new Error('ngx-cache-hub live-server: the server is closing');
    for (const pending of batch) pending.reject(error);
  }
}

/** The head file, open for writes in place ('r+'; created when writing it at start failed); undefined when it cannot be opened (only a hint). */
async function openHead(path: string, log: (message: string) => void): Promise<FileHandle | undefined> {
  try {
    await (await open(path, 'a')).close();
    return await open(path, 'r+');
  } catch (error) {
    log(`ngx-cache-hub live-server: could not open ${path} (${(error as Error).message}); a later start may not detect a log cut back`);
    return undefined;
  }
}
