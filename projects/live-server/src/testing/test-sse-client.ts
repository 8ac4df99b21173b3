import { request, type ClientRequest } from 'node:http';
import { waitUntil } from './wait-until';

/** One SSE message as parsed by the test client. */
export interface SseMessage {
  id?: string;
  /** The `event:` line's name, when the message has one. */
  event?: string;
  data: { type: string; epoch?: string; seq?: number; data?: Record<string, unknown>; timestamp?: string };
}

/** A minimal EventSource for tests: records the messages of one `/sse` response. */
export class TestSseClient {
  readonly messages: SseMessage[] = [];
  /** The comment lines received (without the leading `:`), e.g. ` heartbeat`. */
  readonly comments: string[] = [];
  status = 0;
  private buffer = '';

  private constructor(private readonly req: ClientRequest) {}

  /** Opens `path` (e.g. `/sse?types=products`) with optional headers; resolves once the headers arrived. */
  static open(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<TestSseClient> {
    return new Promise((resolve, reject) => {
      const req = request(`${baseUrl}${path}`, { headers: { Accept: 'text/event-stream', ...headers } });
      const client = new TestSseClient(req);
      req.on('response', (res) => {
        client.status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => client.consume(chunk));
        res.on('error', () => undefined);
        resolve(client);
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** The entity events received (ENTITY_* and BULK_UPDATE frames). */
  get events(): SseMessage[] {
    return this.messages.filter((m) => m.data.type.startsWith('ENTITY_') || m.data.type === 'BULK_UPDATE');
  }

  /** Waits for a message matching `predicate`. */
  waitFor(predicate: (message: SseMessage) => boolean, what: string, timeoutMs = 3000): Promise<SseMessage> {
    return waitUntil(
      () => this.messages.find(predicate),
      () => `${what}; received ${JSON.stringify(this.messages).slice(0, 400)}`,
      timeoutMs,
    );
  }

  close(): void {
    this.req.destroy();
  }

  private consume(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let id: string | undefined;
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1));
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      if (data.length === 0) continue;
      const message: SseMessage = { data: JSON.parse(data.join('\n')) };
      if (id !== undefined) message.id = id;
      if (event !== undefined) message.event = event;
      this.messages.push(message);
    }
  }
}

/** Opens streams for the tests of one file and closes them all at once (call `closeAll` in `afterEach`). */
export function sseStreams(baseUrl: () => string) {
  const streams: TestSseClient[] = [];
  return {
    async open(path: string, headers?: Record<string, string>): Promise<TestSseClient> {
      const stream = await TestSseClient.open(baseUrl(), path, headers);
      streams.push(stream);
      return stream;
    },
    closeAll(): void {
      for (const stream of streams.splice(0)) stream.close();
    },
  };
}
