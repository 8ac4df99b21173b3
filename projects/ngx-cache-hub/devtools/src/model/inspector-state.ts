import type { BatcherStats, ConnectionStatus, OfflineAction } from 'ngx-cache-hub/core';
import type { ChangedEntity } from './changed-entities';

/** What changed an entry: a fetch's answer, a pushed event, a plain write, an optimistic layer applied or removed, or a removal. */
export type ChangeCause = 'fetch' | 'event' | 'set' | 'layer' | 'remove';

/** What became of a received frame. */
export type FrameOutcome = 'buffered' | 'applied' | 'coalesced' | 'stale' | 'unchanged' | 'invalidated' | 'dropped';

/** One change of an entry. */
export interface HistoryRecord {
  readonly at: number;
  cause: ChangeCause;
  /** The entities it added, changed or removed (details and lists). */
  changed: readonly ChangedEntity[];
  /** The frames that caused it (cause `event`), by local id. */
  readonly frames: number[];
}

/** One received frame, or one dropped before it became an event. */
export interface FrameRecord {
  /** The inspector's own number for it. */
  readonly id: number;
  readonly at: number;
  readonly type: string;
  readonly entityType: string | undefined;
  readonly entityId: string | undefined;
  readonly version: number | undefined;
  readonly epoch: string | undefined;
  readonly seq: number | undefined;
  outcome: FrameOutcome;
  /** Why it was dropped, coalesced or changed nothing. */
  reason: string | undefined;
  /** The entries it changed. */
  readonly keys: Set<string>;
}

/** One row of the entries table. */
export interface EntryRow {
  readonly key: string;
  readonly namespace: string | undefined;
  readonly state: 'fresh' | 'stale' | 'fetching' | 'error' | 'empty';
  readonly observers: number;
  /** Since the last write (ms), or null without a value. */
  readonly ageMs: number | null;
  /** A detail's version (`v7`), else the newest versioned entity its recorded changes touched (`p-1 v4`), else ''. */
  readonly version: string;
  /** About how many bytes the value takes as JSON. */
  readonly size: number;
  /** Whether an optimistic layer shows over the server value. */
  readonly layered: boolean;
  readonly refetchable: boolean;
}

/** One flush of the batcher (or several between two looks at its counters). */
export interface FlushRecord {
  readonly at: number;
  readonly flushes: number;
  readonly framesIn: number;
  readonly applied: number;
  readonly coalesced: number;
  readonly entriesChanged: number;
  readonly keys: readonly string[];
}

/** One error heard on `errors$`. */
export interface ErrorRecord {
  readonly at: number;
  readonly code: number | undefined;
  readonly message: string;
}

/** A followed entity type. */
export interface FollowedTypeState {
  readonly type: string;
  readonly live: boolean;
  readonly epoch: string | undefined;
  readonly seq: number | undefined;
}

/** The real-time connection. */
export interface ConnectionState {
  readonly status: ConnectionStatus;
  readonly transport: string | undefined;
  /** Since when it is connected, or, while it is not, since it was last connected (or first went down): reconnect attempts do not restart it. */
  readonly since: number;
  /** Connection attempts after the first one. */
  readonly reconnects: number;
  readonly followed: readonly FollowedTypeState[];
  /** When the last entity event arrived, or null. */
  readonly lastFrameAt: number | null;
  /** A connection silent this long is replaced (the sources' `heartbeatTimeoutMs`), when known. */
  readonly heartbeatTimeoutMs: number | undefined;
  readonly duplicatesDropped: number;
}

/** One user's part of the offline queue. */
export interface OfflineUserState {
  readonly scope: string;
  readonly pending: readonly OfflineAction[];
  readonly inFlight: readonly OfflineAction[];
  readonly failed: readonly OfflineAction[];
}

/** The offline queue. */
export interface OfflineState {
  readonly users: readonly OfflineUserState[];
  readonly syncing: boolean;
  readonly lastSyncedAt: number | null;
  readonly unsaved: number;
}

/** Everything the devtools panel shows, recomputed every `refreshMs` (and after an action). */
export interface InspectorState {
  readonly at: number;
  readonly filter: string;
  /** Whether the filter is a `/RegExp/` that does not compile (it matches no entry). */
  readonly filterInvalid: boolean;
  /** Entries matching the filter, at most `maxRows`, and how many there are in all. */
  readonly entries: readonly EntryRow[];
  readonly entryCount: number;
  readonly matchingCount: number;
  /** Frames, newest first, at most `maxFrameRows`. */
  readonly frames: readonly FrameRecord[];
  /** Frames received (and dropped) since the inspector started, shown or not. */
  readonly frameCount: number;
  /** Frames per outcome, over those kept. */
  readonly outcomes: Readonly<Record<FrameOutcome, number>>;
  readonly errors: readonly ErrorRecord[];
  readonly connection: ConnectionState | null;
  readonly batcher: { readonly stats: BatcherStats; readonly flushes: readonly FlushRecord[] } | null;
  readonly offline: OfflineState | null;
  /** Whether "simulate offline" is offered, and on. */
  readonly canSimulateOffline: boolean;
  readonly simulatedOffline: boolean;
}
