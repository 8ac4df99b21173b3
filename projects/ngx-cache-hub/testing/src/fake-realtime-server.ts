import type { Client, Server } from 'mock-socket';
import { CacheHubError, type CacheHubErrorCode, type EntityId } from 'ngx-cache-hub';
import { ClientFrame, RealtimeTransport, ServerFrame, webSocketTransport, WireEntity } from 'ngx-cache-hub/realtime';
import { from, switchMap } from 'rxjs';

type MockSocket = typeof import('mock-socket');

/**
 * A scripted real-time server for tests (mock-socket based): it records what the client sends,
 * tracks subscriptions, and pushes protocol frames with increasing `seq` numbers in its `epoch`.
 * mock-socket is loaded (a dynamic import) only when a server is constructed, so the rest of
 * `ngx-cache-hub/testing` works in apps that do not install it; the server listens once the import
 * resolved (a few microtasks: before the client's first connection attempt ends).
 * It follows the protocol's subscribe rules: a `SUBSCRIBE` is answered with the type's events
 * after its `since` and then `SUBSCRIBED`, or with `RESYNC_REQUIRED` for a `since` of another
 * epoch or beyond the head.
 *
 * @example
 * const server = new FakeRealtimeServer();
 * TestBed.configureTestingModule({ providers: [provideCacheHubTesting({}, withEntity('products'), withRealtime({ transport: server.transport() }))] });
 * server.updated('products', 1, { stock: 3 }, 2);
 */
export class FakeRealtimeServer {
  readonly #mockSocket: Promise<MockSocket>;
  #server: Server | undefined;
  #stopped = false;
  private readonly clients = new Set<Client>();
  private seq = 0;
  private readonly log: { readonly seq: number; readonly entityType: string; readonly text: string }[] = [];
  /** The history this server numbers its events in; `restart({ lostHistory: true })` starts a new one. */
  epoch = 'fake-1';
  /** Every frame the clients sent, parsed, in order. */
  readonly received: ClientFrame[] = [];
  /** Entity types currently subscribed (SUBSCRIBE minus UNSUBSCRIBE). */
  readonly subscriptions = new Set<string>();

  constructor(readonly url = `ws://fake-realtime.test/${Math.random().toString(36).slice(2)}`) {
    this.#mockSocket = import('mock-socket').then(
      (mockSocket) => {
        if (!this.#stopped) this.#listen(new mockSocket.Server(url));
        return mockSocket;
      },
      (error: unknown) => {
        throw new CacheHubError(
          403 satisfies CacheHubErrorCode.MissingPackage,
          (typeof ngDevMode === 'undefined' || ngDevMode) && 'FakeRealtimeServer needs the mock-socket package (npm i -D mock-socket); loading it failed, see the cause',
          { cause: error },
        );
      },
    );
    this.#mockSocket.catch(() => undefined); // reported by the transport's connection
  }

  /** A WebSocket transport that connects to this server; pass it to `withRealtime({ transport })`. */
  transport(): RealtimeTransport {
    let inner: RealtimeTransport | undefined;
    return {
      duplex: true,
      connect: (session) =>
        from(this.#mockSocket).pipe(
          switchMap(({ WebSocket }) => (inner ??= webSocketTransport({ url: this.url, WebSocketCtor: WebSocket as unknown as typeof globalThis.WebSocket })).connect(session)),
        ),
      send: (frame) => inner?.send(frame),
    };
  }

  /** Number of open client connections. */
  get connections(): number {
    return this.clients.size;
  }

  /** Sends a frame (or raw text) to every client; entity frames get the next `seq` and the epoch unless they have a seq. */
  send(frame: ServerFrame | string): void {
    if (typeof frame === 'string' || 'seq' in frame || !('data' in frame)) {
      const text = typeof frame === 'string' ? frame : JSON.stringify(frame);
      return this.clients.forEach((client) => client.send(text));
    }
    const text = JSON.stringify({ ...frame, epoch: this.epoch, seq: ++this.seq });
    this.log.push({ seq: this.seq, entityType: frame.data.entityType, text });
    this.clients.forEach((client) => client.send(text));
  }

  /** Sends a PING with the head. */
  ping(): void {
    this.send({ type: 'PING', epoch: this.epoch, seq: this.seq });
  }

  /** Pushes ENTITY_UPDATED. */
  updated(entityType: string, entityId: EntityId, changes: Record<string, unknown>, version: number): void {
    this.send({ type: 'ENTITY_UPDATED', data: { entityType, entityId, changes, version } });
  }

  /** Pushes ENTITY_CREATED. */
  created(entityType: string, entity: WireEntity): void {
    this.send({ type: 'ENTITY_CREATED', data: { entityType, entity } });
  }

  /** Pushes ENTITY_DELETED. */
  deleted(entityType: string, entityId: EntityId, version: number): void {
    this.send({ type: 'ENTITY_DELETED', data: { entityType, entityId, version } });
  }

  /** Pushes RESYNC_REQUIRED. */
  resyncRequired(entityType: string): void {
    this.send({ type: 'RESYNC_REQUIRED', epoch: this.epoch, seq: this.seq, data: { entityType } });
  }

  /** Drops every connection; with `lostHistory` the server comes back with a new epoch and no history. */
  restart({ lostHistory = false } = {}): void {
    this.disconnect();
    if (!lostHistory) return;
    this.epoch = `fake-${Number(this.epoch.slice(5)) + 1}`;
    this.log.length = 0;
  }

  /** Closes every client connection (the client reconnects with backoff). */
  disconnect(): void {
    this.clients.forEach((client) => client.close());
    this.clients.clear();
  }

  /** Stops the server; call in afterEach. */
  stop(): void {
    this.#stopped = true;
    this.#server?.stop();
  }

  #listen(server: Server): void {
    this.#server = server;
    server.on('connection', (client) => {
      this.clients.add(client);
      client.on('message', (data) => this.receive(client, String(data)));
      client.on('close', () => this.clients.delete(client));
    });
  }

  private receive(client: Client, text: string): void {
    const frame = JSON.parse(text) as ClientFrame;
    this.received.push(frame);
    if (frame.type === 'UNSUBSCRIBE') this.subscriptions.delete(frame.entityType);
    if (frame.type !== 'SUBSCRIBE') return;
    const { entityType, since } = frame;
    this.subscriptions.add(entityType);
    const answer = (type: 'SUBSCRIBED' | 'RESYNC_REQUIRED') => client.send(JSON.stringify({ type, epoch: this.epoch, seq: this.seq, data: { entityType } }));
    if (since && (since.epoch !== this.epoch || since.seq > this.seq)) return answer('RESYNC_REQUIRED');
    if (since) for (const event of this.log) if (event.seq > since.seq && event.entityType === entityType) client.send(event.text);
    answer('SUBSCRIBED');
  }
}
