import type { CacheHub } from 'ngx-cache-hub/core';
import { changedEntities } from './changed-entities';
import type { EntryHistory } from './entry-history';
import type { FrameLog } from './frame-log';
import { ɵnamespaceOf as namespaceOf } from 'ngx-cache-hub/core';
import type { FrameRecord, HistoryRecord } from './inspector-state';

interface UnexplainedWrite {
  readonly key: string;
  readonly namespace: string;
  readonly record: HistoryRecord;
}


/**
 * Records why each entry changed, as a plugin of the hub (it sees every write; it observes
 * nothing, so entries are collected and evicted as if it were not there). A write carrying a
 * fetch's start time is a `fetch`; one that changes an entity a received frame names is an
 * `event`; a view recomputed without a write is an optimistic `layer`; anything else a `set`.
 * A write and the frame that caused it are matched within one turn of the event loop, in
 * either order (the batcher applies frames after it received them, the store without one applies
 * them before this tracker hears them).
 */
export class ChangeTracker {
  readonly #detach: () => void;
  #writing: string | undefined;
  #unexplained: UnexplainedWrite[] = [];
  #turnScheduled = false;
  /** Called once per turn in which something was written. */
  onTurnEnd: (() => void) | undefined;
  /** Called for every key written. */
  onWrite: ((key: string) => void) | undefined;

  constructor(
    hub: CacheHub,
    private readonly history: EntryHistory,
    private readonly frames: FrameLog,
    private readonly now: () => number,
  ) {
    this.#detach = hub.registerPlugin({
      beforeWrite: (value, { key, previous, fetchStartedAt }) => {
        this.#written(key, previous, value, fetchStartedAt !== undefined);
        this.#writing = key;
        return value;
      },
      view: (key, value) => {
        if (this.#writing === key) this.#writing = undefined;
        else if (value !== undefined || hub.peek(key) !== undefined) this.#record(key, { at: this.now(), cause: 'layer', changed: [], frames: [] });
        return value;
      },
      afterRemove: (key, previous) => {
        if (this.#writing === key) return;
        this.#written(key, previous, undefined, false);
      },
    });
  }

  /** Logs a received frame, matching it with writes it already caused in this turn. */
  received(event: Parameters<FrameLog['received']>[0]): FrameRecord {
    const data = event.data as { entityType: string; entityId?: unknown; entity?: { id?: unknown } };
    const id = String(data.entityId ?? data.entity?.id);
    const explained = this.#unexplained.filter((write) => write.namespace === data.entityType && write.record.changed.some((entity) => entity.id === id));
    const frame = this.frames.received(event, explained.map((write) => write.key));
    for (const write of explained) {
      write.record.cause = 'event';
      write.record.frames.push(frame.id);
    }
    this.#scheduleTurnEnd();
    return frame;
  }

  /** Stops recording. */
  destroy(): void {
    this.#detach();
    this.#unexplained = [];
  }

  #written(key: string, previous: unknown, value: unknown, fetched: boolean): void {
    if (value === previous) return;
    this.onWrite?.(key);
    const namespace = namespaceOf(key);
    const changed = changedEntities(previous, value);
    let frames: FrameRecord[] = [];
    if (namespace !== undefined && fetched) this.frames.saw(namespace, changed);
    else if (namespace !== undefined) frames = this.frames.claim(key, namespace, changed);
    const cause = fetched ? 'fetch' : frames.length > 0 ? 'event' : value === undefined ? 'remove' : 'set';
    const record: HistoryRecord = { at: this.now(), cause, changed, frames: frames.map((frame) => frame.id) };
    this.#record(key, record);
    if (cause === 'set' || cause === 'remove') if (namespace !== undefined && changed.length > 0) this.#unexplained.push({ key, namespace, record });
  }

  #record(key: string, record: HistoryRecord): void {
    this.history.record(key, record);
    this.#scheduleTurnEnd();
  }

  #scheduleTurnEnd(): void {
    if (this.#turnScheduled) return;
    this.#turnScheduled = true;
    void Promise.resolve().then(() => {
      this.#turnScheduled = false;
      this.#unexplained = [];
      this.frames.endTurn();
      this.onTurnEnd?.();
    });
  }
}
