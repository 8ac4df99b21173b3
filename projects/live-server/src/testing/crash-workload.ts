import { createRandom, type Random } from '../random';

/** One write a client made: what it asked, and the answer if one came back. */
export interface TrackedWrite {
  client: number;
  method: string;
  path: string;
  token?: string;
  body: unknown;
  key: string;
  /** The answer; undefined while in flight or when the server died before answering. */
  answer?: { status: number; body: any; seq: number };
}

/**
 * Clients that keep making writes with Idempotency-Keys against one server until it dies,
 * and remember which were acknowledged. Client i owns customer c-(i+1) and variant p-(i+1)-v1,
 * so the expected state of each is known from its own acknowledged writes.
 */
export class CrashWorkload {
  readonly writes: TrackedWrite[] = [];
  private readonly random: Random;
  private keys = 0;

  constructor(
    readonly clients: number,
    seed: number,
  ) {
    this.random = createRandom(seed);
  }

  /** Runs every client against `url` until its requests fail (the server was killed). */
  async run(url: string, round: number): Promise<void> {
    await Promise.all(Array.from({ length: this.clients }, (_, client) => this.runClient(url, round, client)));
  }

  /** Sends a tracked write again with its key; the answer replaces the old one. */
  async retry(url: string, write: TrackedWrite): Promise<{ status: number; body: any; seq: number; replayed: boolean }> {
    const answer = await send(url, write);
    write.answer = answer;
    return answer;
  }

  /** The acknowledged writes. */
  get acknowledged(): TrackedWrite[] {
    return this.writes.filter((write) => write.answer !== undefined && write.answer.status < 300);
  }

  private async runClient(url: string, round: number, client: number): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      const write = this.nextWrite(round, client);
      this.writes.push(write);
      try {
        write.answer = await send(url, write);
      } catch {
        return; // The server is gone: this write's outcome is unknown.
      }
    }
  }

  private nextWrite(round: number, client: number): TrackedWrite {
    const key = `r${round}-c${client}-${++this.keys}`;
    const roll = this.random.next();
    if (roll < 0.4) {
      const token = client % 2 === 0 ? 'demo-alice' : 'demo-bob';
      return { client, method: 'POST', path: '/api/orders', token, key, body: { items: [{ productId: 'p-9', variantId: 'p-9-v1', quantity: 1 }] } };
    }
    if (roll < 0.7) return { client, method: 'PATCH', path: `/api/customers/c-${client + 1}`, key, body: { name: `Name ${key}` } };
    return { client, method: 'POST', path: `/api/products/p-${client + 1}/restock`, key, body: { variantId: `p-${client + 1}-v1`, quantity: 1 } };
  }
}

async function send(url: string, write: TrackedWrite): Promise<{ status: number; body: any; seq: number; replayed: boolean }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': write.key };
  if (write.token) headers['Authorization'] = `Bearer ${write.token}`;
  const response = await fetch(`${url}${write.path}`, { method: write.method, headers, body: JSON.stringify(write.body) });
  const body = await response.json();
  const seq = Number(response.headers.get('x-stream-position')?.split(':')[1]);
  return { status: response.status, body, seq, replayed: response.headers.get('idempotent-replayed') === 'true' };
}
