import type { StreamPosition } from '../../hub/stream-position';
import type { ClientFrame, EntityEventFrame, ServerFrame } from '../protocol';

/** The one entity type of the simulation. */
export const TYPE = 'items';

/** An item as the model server stores it. */
export interface Item {
  readonly id: string;
  readonly group: number;
  readonly n: number;
  readonly version: number;
}

/** A list answer, shaped as the reference server answers. */
export interface ItemPage {
  readonly items: readonly Item[];
  readonly totalCount: number;
  readonly position?: StreamPosition;
}

/** One open stream connection as the server sees it. */
export interface ServerConnection {
  readonly subscribed: Set<string>;
  send(frame: ServerFrame): void;
}

interface Logged {
  readonly seq: number;
  readonly frame: EntityEventFrame;
}

/** How a restart treats what the server had. */
export type RestartMode = 'full' | 'truncated' | 'rolled-back';

/**
 * The truth of the simulation: items with versions, an event log numbered by seq within an
 * epoch, the protocol's subscribe rules (replay, SUBSCRIBED, RESYNC_REQUIRED), and restarts that
 * keep, truncate or roll back (renumber) history.
 */
export class ModelServer {
  items = new Map<string, Item>();
  /** The last version each id had, so re-creates and updates after a delete go on from it. */
  versions = new Map<string, number>();
  epoch = 'e0';
  seq = 0;
  /** History starts after this seq (events at or below it are gone). */
  historyFrom = 0;
  log: Logged[] = [];
  readonly connections = new Set<ServerConnection>();
  #snapshot: { items: Map<string, Item>; versions: Map<string, number>; seq: number } | undefined;
  #epochs = 0;

  get position(): StreamPosition {
    return { epoch: this.epoch, seq: this.seq };
  }

  create(id: string, group: number): void {
    if (this.items.has(id)) return;
    const item = { id, group, n: 0, version: this.#nextVersion(id) };
    this.items.set(id, item);
    this.#publish({ type: 'ENTITY_CREATED', data: { entityType: TYPE, entity: item } });
  }

  update(id: string, changes: Partial<Pick<Item, 'group' | 'n'>>): void {
    const item = this.items.get(id);
    if (!item) return;
    const next = { ...item, ...changes, version: this.#nextVersion(id) };
    this.items.set(id, next);
    this.#publish({ type: 'ENTITY_UPDATED', data: { entityType: TYPE, entityId: id, changes, version: next.version } });
  }

  delete(id: string): void {
    if (!this.items.delete(id)) return;
    this.#publish({ type: 'ENTITY_DELETED', data: { entityType: TYPE, entityId: id, version: this.#nextVersion(id) } });
  }

  /** Keeps a copy of the state to roll back to later. */
  checkpoint(): void {
    this.#snapshot = { items: new Map(this.items), versions: new Map(this.versions), seq: this.seq };
  }

  /** Closes every connection and comes back per `mode`. */
  restart(mode: RestartMode): void {
    for (const connection of [...this.connections]) this.connections.delete(connection);
    if (mode === 'truncated') {
      this.historyFrom = this.seq;
      this.log = [];
    } else if (mode === 'rolled-back') {
      const snapshot = this.#snapshot ?? { items: new Map(), versions: new Map(), seq: 0 };
      this.items = new Map(snapshot.items);
      this.versions = new Map(snapshot.versions);
      this.epoch = `e${++this.#epochs}`;
      this.seq = snapshot.seq; // renumbered: the next events reuse seqs the old history had
      this.historyFrom = this.seq;
      this.log = [];
    }
  }

  /** `GET /items?group=` : matching items sorted by id, with the position the answer reflects. */
  list(group: number | undefined): ItemPage {
    const items = [...this.items.values()].filter((item) => group === undefined || item.group === group).sort((a, b) => a.id.localeCompare(b.id));
    return { items, totalCount: items.length, position: this.position };
  }

  /** `GET /items/:id`: the item, or null when there is none. */
  detail(id: string): Item | null {
    return this.items.get(id) ?? null;
  }

  /** Handles a client frame on a connection, by the protocol's rules. */
  receive(connection: ServerConnection, frame: ClientFrame): void {
    if (frame.type === 'UNSUBSCRIBE') {
      connection.subscribed.delete(frame.entityType);
      return;
    }
    if (frame.type !== 'SUBSCRIBE') return;
    const { entityType, since } = frame;
    connection.subscribed.add(entityType);
    if (since && (since.epoch !== this.epoch || since.seq > this.seq || since.seq < this.historyFrom)) {
      connection.send({ type: 'RESYNC_REQUIRED', epoch: this.epoch, seq: this.seq, data: { entityType } });
      return;
    }
    if (since) for (const { seq, frame: event } of this.log) if (seq > since.seq && event.data.entityType === entityType) connection.send(event);
    connection.send({ type: 'SUBSCRIBED', epoch: this.epoch, seq: this.seq, data: { entityType } });
  }

  /** A heartbeat on every connection, with the head. */
  ping(): void {
    for (const connection of this.connections) connection.send({ type: 'PING', epoch: this.epoch, seq: this.seq });
  }

  #nextVersion(id: string): number {
    const version = (this.versions.get(id) ?? 0) + 1;
    this.versions.set(id, version);
    return version;
  }

  #publish(event: Omit<EntityEventFrame, 'seq' | 'epoch'>): void {
    const frame = { ...event, epoch: this.epoch, seq: ++this.seq } as EntityEventFrame;
    this.log.push({ seq: frame.seq!, frame });
    for (const connection of this.connections) if (connection.subscribed.has(TYPE)) connection.send(frame);
  }
}
