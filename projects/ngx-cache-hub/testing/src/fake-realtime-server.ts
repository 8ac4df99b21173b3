import { Client, Server, WebSocket as MockWebSocket } from 'mock-socket';
import type { EntityId } from 'ngx-cache-hub';
import { ClientFrame, RealtimeTransport, ServerFrame, webSocketTransport, WireEntity } from 'ngx-cache-hub/realtime';

/**
 * A scripted real-time server for tests (mock-socket based): it records what the client sends,
 * tracks subscriptions, and pushes protocol frames with increasing `seq` numbers.
 *
 * @example
 * const server = new FakeRealtimeServer();
 * TestBed.configureTestingModule({ providers: [provideCacheHubTesting({}, withEntity('products'), withRealtime({ transport: server.transport() }))] });
 * server.updated('products', 1, { stock: 3 }, 2);
 */
export class FakeRealtimeServer {
  private readonly server: Server;
  private readonly clients = new Set<Client>();
  private seq = 0;
  /** Every frame the clients sent, parsed, in order. */
  readonly received: ClientFrame[] = [];
  /** Entity types currently subscribed (SUBSCRIBE minus UNSUBSCRIBE). */
  readonly subscriptions = new Set<string>();

  constructor(readonly url = `ws://fake-realtime.test/${Math.random().toString(36).slice(2)}`) {
    this.server = new Server(url);
    this.server.on('connection', (client) => {
      this.clients.add(client);
      client.on('message', (data) => this.receive(String(data)));
      client.on('close', () => this.clients.delete(client));
    });
  }

  /** A WebSocket transport that connects to this server; pass it to `withRealtime({ transport })`. */
  transport(): RealtimeTransport {
    return webSocketTransport({ url: this.url, WebSocketCtor: MockWebSocket as unknown as typeof WebSocket });
  }

  /** Number of open client connections. */
  get connections(): number {
    return this.clients.size;
  }

  /** Sends a frame (or raw text) to every client; frames get the next `seq` unless they have one. */
  send(frame: ServerFrame | string): void {
    const text = typeof frame === 'string' ? frame : JSON.stringify('seq' in frame || frame.type === 'PING' ? frame : { ...frame, seq: ++this.seq });
    this.clients.forEach((client) => client.send(text));
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
    this.send({ type: 'RESYNC_REQUIRED', data: { entityType } });
  }

  /** Closes every client connection (the client reconnects with backoff). */
  disconnect(): void {
    this.clients.forEach((client) => client.close());
    this.clients.clear();
  }

  /** Stops the server; call in afterEach. */
  stop(): void {
    this.server.stop();
  }

  private receive(text: string): void {
    const frame = JSON.parse(text) as ClientFrame;
    this.received.push(frame);
    if (frame.type === 'SUBSCRIBE') this.subscriptions.add(frame.entityType);
    if (frame.type === 'UNSUBSCRIBE') this.subscriptions.delete(frame.entityType);
  }
}
