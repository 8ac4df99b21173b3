import { Observable } from 'rxjs';
import { parseStreamPosition } from '../../hub/stream-position';
import type { ClientFrame, ServerFrame } from '../protocol';
import type { RealtimeTransport, TransportSession } from '../realtime-transport';
import type { ModelServer, ServerConnection } from './model-server';

/** A seeded pseudo-random source in [0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Wire {
  readonly connection: ServerConnection;
  /** Frames no longer move either way (a half-open connection). */
  silent: boolean;
  duplicateNext: boolean;
  /** When the last frame each way arrives: delivery keeps order. */
  toClientAt: number;
  toServerAt: number;
  end(error?: Error): void;
}

/**
 * The network between the simulated client and the model server, on jest's fake clock: a duplex
 * transport whose frames arrive in order after random delays, REST calls answered after random
 * delays (the answer is what the server had when it answered), and faults: a dropped or half-open
 * connection, a duplicated frame, a server that is down.
 */
export class SimNetwork {
  down = false;
  #wire: Wire | undefined;

  /** The client's transport: two-way like a WebSocket, or (`oneWay`) one stream per connection like SSE. */
  readonly transport: RealtimeTransport;

  constructor(
    private readonly server: ModelServer,
    private readonly random: () => number,
    private readonly maxDelayMs = 40,
    oneWay = false,
  ) {
    this.transport = {
      duplex: !oneWay,
      connect: (session) => this.#connect(session, oneWay),
      send: (frame) => this.#toServer(frame),
    };
  }

  /** A REST call: `answer` runs on the server after half the delay, its result arrives after the rest. */
  rest<T>(answer: () => T): Observable<T> {
    return new Observable<T>((subscriber) => {
      const there = setTimeout(() => {
        if (this.down) return subscriber.error(new Error('server unreachable'));
        const value = answer();
        back = setTimeout(() => (this.down ? subscriber.error(new Error('connection reset')) : (subscriber.next(value), subscriber.complete())), this.#delay());
      }, this.#delay());
      let back: ReturnType<typeof setTimeout> | undefined;
      return () => {
        clearTimeout(there);
        clearTimeout(back);
      };
    });
  }

  /** The server closes the open connection. */
  drop(): void {
    this.#wire?.end();
  }

  /** The open connection stops moving frames, without closing. */
  halfOpen(): void {
    if (this.#wire) this.#wire.silent = true;
  }

  /** The next frame to the client arrives twice. */
  duplicate(): void {
    if (this.#wire) this.#wire.duplicateNext = true;
  }

  /** Closes connections the server no longer has (after a restart). */
  severAll(): void {
    this.#wire?.end(new Error('server restarted'));
  }

  #delay(): number {
    return Math.floor(this.random() * this.maxDelayMs);
  }

  #connect(session: TransportSession, oneWay: boolean): Observable<unknown> {
    return new Observable<unknown>((subscriber) => {
      let open: Wire | undefined;
      const opening = setTimeout(() => {
        if (this.down) return subscriber.error(new Error('connection refused'));
        const connection: ServerConnection = {
          subscribed: new Set(),
          send: (frame) => deliver(frame),
        };
        const wire: Wire = {
          connection,
          silent: false,
          duplicateNext: false,
          toClientAt: 0,
          toServerAt: 0,
          end: (error) => {
            this.server.connections.delete(connection);
            if (this.#wire === wire) this.#wire = undefined;
            if (error) subscriber.error(error);
            else subscriber.complete();
          },
        };
        const deliver = (frame: ServerFrame) => {
          if (wire.silent || subscriber.closed) return;
          const copies = wire.duplicateNext ? 2 : 1;
          wire.duplicateNext = false;
          const json = JSON.stringify(frame);
          for (let i = 0; i < copies; i++) {
            wire.toClientAt = Math.max(wire.toClientAt, Date.now() + this.#delay());
            setTimeout(() => !wire.silent && !subscriber.closed && subscriber.next(json), wire.toClientAt - Date.now());
          }
        };
        this.server.connections.add(connection);
        this.#wire = open = wire;
        session.opened();
        if (oneWay) {
          // The stream's URL names its types and where to resume (Last-Event-ID); the server answers each at once.
          const since = session.lastEventId === undefined ? undefined : parseStreamPosition(session.lastEventId);
          for (const entityType of session.entityTypes) this.server.receive(connection, since ? { type: 'SUBSCRIBE', entityType, since } : { type: 'SUBSCRIBE', entityType });
        }
      }, this.#delay());
      return () => {
        clearTimeout(opening);
        if (!open) return;
        this.server.connections.delete(open.connection);
        if (this.#wire === open) this.#wire = undefined;
      };
    });
  }

  #toServer(frame: ClientFrame): void {
    const wire = this.#wire;
    if (!wire || wire.silent) return;
    wire.toServerAt = Math.max(wire.toServerAt, Date.now() + this.#delay());
    setTimeout(() => {
      if (!wire.silent && this.server.connections.has(wire.connection)) this.server.receive(wire.connection, frame);
    }, wire.toServerAt - Date.now());
  }
}
