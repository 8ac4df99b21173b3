import { WebSocket } from 'ws';
import { waitUntil } from './wait-until';

/** A frame as received by a test client. */
export type ReceivedFrame = { type: string; epoch?: string; seq?: number; data?: Record<string, unknown> & { entityType?: string } };

/** A WebSocket client for tests that records every frame it receives. */
export class TestWsClient {
  readonly frames: ReceivedFrame[] = [];
  closeCode: number | undefined;
  private barriers = 0;
  private readonly passedBarriers = new Set<string>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ReceivedFrame;
      const barrier = frame.type === 'ERROR' ? /"(BARRIER-\d+)"/.exec(String(frame.data?.['message']))?.[1] : undefined;
      if (barrier) this.passedBarriers.add(barrier);
      else this.frames.push(frame);
    });
    socket.on('close', (code) => (this.closeCode = code));
  }

  /**
   * Opens `ws://.../ws` (with `?token=` when given) and waits until it is open.
   * `autoPong: false` makes a client that ignores protocol pings; `protocols` are offered in the handshake.
   */
  static async connect(baseUrl: string, token?: string, options: { autoPong?: boolean; protocols?: string[] } = {}): Promise<TestWsClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/ws${token ? `?token=${encodeURIComponent(token)}` : ''}`;
    const socket = new WebSocket(url, options.protocols ?? [], { autoPong: options.autoPong ?? true });
    const client = new TestWsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
    });
    return client;
  }

  /** The HTTP status with which the server refuses the upgrade. */
  static refusedStatus(baseUrl: string, query = '', protocols: string[] = []): Promise<number> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws${query}`, protocols);
    return new Promise((resolve, reject) => {
      socket.once('open', () => {
        socket.close();
        reject(new Error('the upgrade was accepted'));
      });
      socket.once('unexpected-response', (_req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        socket.terminate();
      });
      socket.once('error', () => undefined);
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends SUBSCRIBE for a type (with `since` when given). */
  subscribe(entityType: string, since?: number | { epoch: string; seq: number }): void {
    this.send(since === undefined ? { type: 'SUBSCRIBE', entityType } : { type: 'SUBSCRIBE', entityType, since });
  }

  /**
   * Waits until the server has processed every frame sent so far: sends a frame the server
   * refuses and waits for its ERROR (frames are handled in order). The ERROR is not recorded.
   */
  async processed(): Promise<void> {
    const barrier = `BARRIER-${++this.barriers}`;
    this.send({ type: barrier });
    await waitUntil(
      () => (this.passedBarriers.has(barrier) ? true : undefined),
      () => `the server to process ${barrier}`,
    );
  }

  /** Subscribes and waits until the server has registered the subscription (and sent any replay). */
  async subscribed(entityType: string, since?: number | { epoch: string; seq: number }): Promise<void> {
    this.subscribe(entityType, since);
    await this.processed();
  }

  /** The entity events (ENTITY_* and BULK_UPDATE frames). */
  get events(): ReceivedFrame[] {
    return this.frames.filter((frame) => frame.type.startsWith('ENTITY_') || frame.type === 'BULK_UPDATE');
  }

  /** Waits for a frame matching `predicate` and returns it. */
  waitFor(predicate: (frame: ReceivedFrame) => boolean, what: string, timeoutMs = 3000): Promise<ReceivedFrame> {
    return waitUntil(
      () => this.frames.find(predicate),
      () => `${what}; received ${JSON.stringify(this.frames).slice(0, 400)}`,
      timeoutMs,
    );
  }

  /** Waits until the socket is closed and returns the close code. */
  waitForClose(timeoutMs = 3000): Promise<number> {
    return waitUntil(
      () => this.closeCode,
      () => 'the socket to close',
      timeoutMs,
    );
  }

  close(): void {
    this.socket.terminate();
  }
}
