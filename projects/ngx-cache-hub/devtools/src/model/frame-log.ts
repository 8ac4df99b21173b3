import type { CacheHubError, EntityEvent } from 'ngx-cache-hub/core';
import type { ChangedEntity } from './changed-entities';
import type { FrameOutcome, FrameRecord } from './inspector-state';
import { RingBuffer } from './ring-buffer';

/** Codes of errors that stand for a frame dropped before it became an event. */
const DROPPED_FRAME_CODES = new Set([202, 203, 206, 207]);
const MAX_KNOWN_VERSIONS = 20_000;
/** A frame no write explained for this long is settled anyway (a batcher flushes well before). */
const SETTLE_AFTER_MS = 2_000;

const ref = (type: string, id: string) => `${type}\u0000${id}`;

/**
 * The event stream as received, with what became of each frame. A frame waits (`buffered`) until a
 * write of the cache shows its entity changing (`applied`; earlier versions of the entity folded
 * into the same write are `coalesced`), or it is settled once the batcher holds nothing (and
 * after two seconds in any case, so nothing waits for ever under a continuous stream): `stale`
 * when its version is not newer than one already seen for the entity, else `unchanged` (no cached
 * entry holds the entity). A `BULK_UPDATE` invalidates its type.
 */
export class FrameLog {
  readonly #frames: RingBuffer<FrameRecord>;
  readonly #pending = new Map<string, FrameRecord[]>();
  /** The settle round each waiting frame arrived in. */
  readonly #roundOf = new WeakMap<FrameRecord, number>();
  #round = 0;
  #sweptAt = 0;
  /** Frames that changed an entry in the current turn, for the other entries the same apply writes. */
  readonly #claimed = new Map<string, FrameRecord[]>();
  readonly #known = new Map<string, number>();
  #nextId = 1;
  lastFrameAt: number | null = null;

  constructor(
    capacity: number,
    private readonly now: () => number,
  ) {
    this.#frames = new RingBuffer<FrameRecord>(capacity);
  }

  /** Frames logged so far, kept or forgotten. */
  get count(): number {
    return this.#nextId - 1;
  }

  /** Logs a received event; `appliedTo` names the entries it already changed (the store applied it before the log heard it). */
  received(event: EntityEvent & { readonly epoch?: string }, appliedTo: readonly string[] = []): FrameRecord {
    const at = (this.lastFrameAt = this.now());
    if (at - this.#sweptAt >= SETTLE_AFTER_MS / 2) this.settleOlderThan(at - SETTLE_AFTER_MS);
    const data = event.data as { entityType: string; entityId?: unknown; entity?: { id?: unknown; version?: unknown }; version?: unknown };
    const id = data.entityId ?? data.entity?.id;
    const version = data.version ?? data.entity?.version;
    const record: FrameRecord = {
      id: this.#nextId++,
      at,
      type: event.type,
      entityType: data.entityType,
      entityId: id === undefined ? undefined : String(id),
      version: typeof version === 'number' ? version : undefined,
      epoch: event.epoch,
      seq: event.seq,
      outcome: event.type === 'BULK_UPDATE' ? 'invalidated' : 'buffered',
      reason: event.type === 'BULK_UPDATE' ? 'a bulk update invalidates the type' : undefined,
      keys: new Set(),
    };
    this.#frames.push(record);
    if (appliedTo.length > 0 && record.outcome === 'buffered') {
      record.outcome = 'applied';
      appliedTo.forEach((key) => record.keys.add(key));
      if (record.version !== undefined) this.#remember(data.entityType, record.entityId!, record.version);
    }
    if (record.outcome === 'buffered' && record.entityId !== undefined) {
      this.#roundOf.set(record, this.#round);
      const key = ref(data.entityType, record.entityId);
      const waiting = this.#pending.get(key);
      if (waiting) waiting.push(record);
      else this.#pending.set(key, [record]);
    }
    return record;
  }

  /** Logs a frame dropped with `error`, when the error stands for one. */
  dropped(error: CacheHubError): void {
    if (!DROPPED_FRAME_CODES.has(error.code)) return;
    const at = this.now();
    this.#frames.push({
      id: this.#nextId++,
      at,
      type: 'dropped',
      entityType: undefined,
      entityId: undefined,
      version: undefined,
      epoch: undefined,
      seq: undefined,
      outcome: 'dropped',
      reason: error.message,
      keys: new Set(),
    });
  }

  /** Remembers the versions a write (say, a fetch's answer) showed for entities of `type`. */
  saw(type: string, changed: readonly ChangedEntity[]): void {
    for (const entity of changed) if (entity.version !== undefined) this.#remember(type, entity.id, entity.version);
  }

  /** The frames that explain a write of `key` (in namespace `type`) touching `changed`; marks them applied or coalesced. */
  claim(key: string, type: string, changed: readonly ChangedEntity[]): FrameRecord[] {
    this.saw(type, changed);
    const frames: FrameRecord[] = [];
    for (const entity of changed) {
      const id = ref(type, entity.id);
      const waiting = this.#pending.get(id);
      if (waiting) {
        this.#pending.delete(id);
        const top = Math.max(...waiting.map((frame) => frame.version ?? -Infinity));
        for (const frame of waiting) {
          const folded = waiting.length > 1 && (frame.version ?? -Infinity) < top;
          this.#settle(frame, folded ? 'coalesced' : 'applied', folded ? `folded into v${top}` : undefined);
        }
        this.#claimed.set(id, [...(this.#claimed.get(id) ?? []), ...waiting]);
      }
      for (const frame of this.#claimed.get(id) ?? []) {
        frame.keys.add(key);
        frames.push(frame);
      }
    }
    return frames;
  }

  /** The turn ended: frames claimed in it explain no later write. */
  endTurn(): void {
    this.#claimed.clear();
  }

  /** Settles the frames still waiting that arrived before the last call (call when the batcher holds nothing). */
  settle(): void {
    const round = this.#round++;
    this.#settleWaiting((waiting) => (this.#roundOf.get(waiting[waiting.length - 1]) ?? 0) < round);
  }

  /** Settles the frames still waiting that arrived before `time`, whatever the batcher holds. */
  settleOlderThan(time: number): void {
    this.#sweptAt = this.now();
    this.#settleWaiting((waiting) => waiting[0].at < time);
  }

  #settleWaiting(due: (waiting: readonly FrameRecord[]) => boolean): void {
    for (const [id, waiting] of this.#pending) {
      if (!due(waiting)) continue;
      this.#pending.delete(id);
      for (const frame of waiting) {
        const known = this.#known.get(ref(frame.entityType!, frame.entityId!));
        if (frame.version !== undefined && known !== undefined && frame.version <= known)
          this.#settle(frame, 'stale', `v${frame.version} is not newer than v${known}, already seen`);
        else this.#settle(frame, 'unchanged', 'no cached entry changed: none holds the entity, or every field is newer');
        if (frame.version !== undefined) this.#remember(frame.entityType!, frame.entityId!, frame.version);
      }
    }
  }

  /** Frames kept, newest first. */
  newest(limit?: number): FrameRecord[] {
    return this.#frames.newest(limit);
  }

  /** How many frames kept had each outcome. */
  outcomes(): Record<FrameOutcome, number> {
    const counts: Record<FrameOutcome, number> = { buffered: 0, applied: 0, coalesced: 0, stale: 0, unchanged: 0, invalidated: 0, dropped: 0 };
    for (const frame of this.#frames.newest()) counts[frame.outcome]++;
    return counts;
  }

  #settle(frame: FrameRecord, outcome: FrameOutcome, reason: string | undefined): void {
    frame.outcome = outcome;
    frame.reason = reason;
  }

  #remember(type: string, id: string, version: number): void {
    const key = ref(type, id);
    const known = this.#known.get(key);
    if (known !== undefined && known >= version) return;
    this.#known.delete(key);
    this.#known.set(key, version);
    if (this.#known.size > MAX_KNOWN_VERSIONS) this.#known.delete(this.#known.keys().next().value as string);
  }
}
