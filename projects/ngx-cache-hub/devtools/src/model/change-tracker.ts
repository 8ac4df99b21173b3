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
  /** Keys written in this turn: the value before the last recorded write, and its record. */
  readonly #turnWrites = new Map<string, { previous: unknown; record: HistoryRecord }>();
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
        else if (this.#turnWrites.has(key)) this.#rewritten(key, hub.peek(key));
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
    const frame = this.frames.received(
      event,
      explained.map((write) => write.key),
    );
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
    const earlier = this.#turnWrites.get(key);
    const changed = changedEntities(previous, value);
    // A list written again in the same turn with no entity changed (the store re-sorting a list it
    // just updated): the same change. Any other write is a change of its own (three sets in a row, three records).
    if (earlier && !fetched && earlier.record.cause !== 'fetch' && changed.length === 0 && isList(value)) return this.#rewritten(key, value);
    const namespace = namespaceOf(key);
    let frames: FrameRecord[] = [];
    if (namespace !== undefined && fetched) this.frames.saw(namespace, changed);
    else if (namespace !== undefined) frames = this.frames.claim(key, namespace, changed);
    const cause = fetched ? 'fetch' : frames.length > 0 ? 'event' : value === undefined ? 'remove' : 'set';
    const record: HistoryRecord = { at: this.now(), cause, changed, frames: frames.map((frame) => frame.id) };
    this.#record(key, record);
    if (earlier) {
      earlier.previous = previous;
      earlier.record = record;
    } else this.#turnWrites.set(key, { previous, record });
    if (cause === 'set' || cause === 'remove') if (namespace !== undefined && changed.length > 0) this.#unexplained.push({ key, namespace, record });
  }

  /**
   * A key written earlier in this turn was recomputed without a write: the entity store wrote a
   * batch into its list copy in place. Its last record now covers every change since that record's write.
   */
  #rewritten(key: string, base: unknown): void {
    const turn = this.#turnWrites.get(key)!;
    const namespace = namespaceOf(key);
    const changed = changedEntities(turn.previous, base);
    const record = turn.record;
    record.changed = changed;
    if (namespace === undefined || record.cause === 'fetch') return;
    for (const frame of this.frames.claim(key, namespace, changed)) if (!record.frames.includes(frame.id)) record.frames.push(frame.id);
    if (record.frames.length > 0) record.cause = 'event';
    else if (base === undefined) record.cause = 'remove';
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
      this.#turnWrites.clear();
      this.frames.endTurn();
      this.onTurnEnd?.();
    });
  }
}

function isList(value: unknown): boolean {
  return Array.isArray(value) || Array.isArray((value as { items?: unknown } | null)?.items);
}
