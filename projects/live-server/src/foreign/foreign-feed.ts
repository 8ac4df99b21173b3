import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../auth';
import { HttpError } from '../rest/http-error';
import type { LiveStore } from '../store/live-store';
import type { ConnectionLimiter } from '../stream/connection-limiter';
import type { EventHub } from '../stream/event-hub';
import { ForeignTranslator, isoSeconds, type ForeignEvent } from './foreign-translator';

/** Event types sent as named `event:` lines; every other one is a plain `data:` message (its JSON always has `type`). */
export const NAMED_FOREIGN_EVENTS: ReadonlySet<string> = new Set([
  'stock_reserved',
  'stock_committed',
  'stock_released',
  'payment_success',
  'payment_failed',
  'tracking_updated',
  'order_delivered',
]);

/** Options of {@link ForeignFeed}. */
export interface ForeignFeedOptions {
  hub: EventHub;
  store: LiveStore;
  limiter: ConnectionLimiter;
  tokens: Readonly<Record<string, string>>;
  /** Interval of `: heartbeat` comments. Default 30 000 ms. */
  heartbeatMs?: number;
  /** Events kept for resuming with Last-Event-ID. Default 1 000. */
  historySize?: number;
  /** Clock of the timestamps of stock events. Default `Date.now`. */
  now?: () => number;
}

interface FeedEvent {
  /** `<seq>` of the entity event it comes from, `<seq>.<k>` for the k-th further one. */
  id: string;
  seq: number;
  k: number;
  ownerId?: string;
  text: string;
}

interface Listener {
  res: ServerResponse;
  /** Null on the public stock feed; the signed-in user on the order feed. */
  userId: string | null;
}

/**
 * A seed-style SSE feed next to the native protocol, to show `mapMessage` against a backend we
 * did not shape: `GET /api/realtime/events` (public stock events) and
 * `GET /api/realtime/events/user` (the bearer's order events). A first `connected` message,
 * `id:` on every event, `: heartbeat` comments, resume after `Last-Event-ID`.
 */
export class ForeignFeed {
  private translator: ForeignTranslator;
  private history: FeedEvent[] = [];
  /**
   * A client must have seen at least this id for a replay to be complete: the head when this
   * feed's history began (its events before are gone: another server lifetime, or a reset; its
   * `k` is unknown, so only later seqs count), then the last evicted event.
   */
  private floor: { seq: number; k: number };
  private readonly listeners = new Set<Listener>();
  private readonly stopListening: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly options: ForeignFeedOptions) {
    this.translator = new ForeignTranslator(options.store);
    this.floor = { seq: options.hub.latestSeq, k: Infinity };
    this.now = options.now ?? Date.now;
    this.stopListening = options.hub.listen((event) => {
      const translated = this.translator.translate(event, isoSeconds(this.now()));
      translated.forEach((foreign, k) => this.publish(foreignEvent(foreign, options.hub.epoch, event.seq, k)));
    });
    this.heartbeat = setInterval(() => {
      for (const { res } of this.listeners) res.write(': heartbeat\n\n');
    }, options.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Serves `GET /api/realtime/events` (`user` false) or `/api/realtime/events/user` (`user` true). */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, user: boolean): void {
    const auth = authenticate(req, url, this.options.tokens);
    if (!auth.ok) throw new HttpError(401, auth.error);
    if (user && auth.userId === null) throw new HttpError(401, 'the user feed needs Authorization: Bearer <token>');
    const header = req.headers['last-event-id'];
    const after = parseFeedId((Array.isArray(header) ? header[0] : header) || url.searchParams.get('lastEventId'), this.options.hub.epoch);
    const release = this.options.limiter.acquire(auth.userId);
    if (!release) throw new HttpError(429, `too many stream connections for user ${auth.userId} (limit ${this.options.limiter.maxPerUser})`);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    const listener: Listener = { res, userId: user ? auth.userId : null };
    const connected = { type: 'connected', ...(user ? { user_id: auth.userId } : {}), timestamp: isoSeconds(this.now()) };
    res.write(`retry: 3000\ndata: ${JSON.stringify(connected)}\n\n`);
    // Replay only when it is complete; an id from before the retained history, from another
    // server lifetime or not of this feed at all replays nothing, as a typical backend would.
    if (after && isAtLeast(after, this.floor)) {
      for (const event of this.history) if (isAfter(event, after) && visible(event, listener)) res.write(event.text);
    }
    this.listeners.add(listener);
    const cleanUp = () => {
      if (this.listeners.delete(listener)) release();
    };
    res.on('close', cleanUp);
    res.on('error', cleanUp);
  }

  /** Starts over from the store's current state (it was replaced): history forgotten, connections ended. */
  reset(): void {
    this.translator = new ForeignTranslator(this.options.store);
    this.history = [];
    this.floor = { seq: this.options.hub.latestSeq, k: Infinity };
    for (const { res } of this.listeners) res.end();
  }

  /** Ends every feed connection and stops following the hub. */
  close(): void {
    clearInterval(this.heartbeat);
    this.stopListening();
    for (const { res } of this.listeners) res.end();
  }

  private publish(event: FeedEvent): void {
    this.history.push(event);
    if (this.history.length > (this.options.historySize ?? 1000)) {
      const evicted = this.history.shift()!;
      this.floor = { seq: evicted.seq, k: evicted.k };
    }
    for (const listener of this.listeners) if (visible(event, listener)) listener.res.write(event.text);
  }
}

function foreignEvent(foreign: ForeignEvent, epoch: string, seq: number, k: number): FeedEvent {
  const id = k === 0 ? `${epoch}:${seq}` : `${epoch}:${seq}.${k}`;
  const message = JSON.stringify({ type: foreign.type, data: foreign.data, timestamp: foreign.timestamp });
  const named = NAMED_FOREIGN_EVENTS.has(foreign.type) ? `event: ${foreign.type}\n` : '';
  return { id, seq, k, ownerId: foreign.ownerId, text: `id: ${id}\n${named}data: ${message}\n\n` };
}

/** Public feed: events without owner; user feed: that user's events. */
function visible(event: FeedEvent, listener: Listener): boolean {
  return listener.userId === null ? event.ownerId === undefined : event.ownerId === listener.userId;
}

function isAfter(event: FeedEvent, after: { seq: number; k: number }): boolean {
  return event.seq > after.seq || (event.seq === after.seq && event.k > after.k);
}

function isAtLeast(id: { seq: number; k: number }, floor: { seq: number; k: number }): boolean {
  return id.seq > floor.seq || (id.seq === floor.seq && id.k >= floor.k);
}

/**
 * The id to resume after; undefined (replay nothing) when there is none or it is not an id of this
 * feed's history: another epoch's seqs (a restart that lost the history, Redis data lost) are
 * other events, whatever their numbers.
 */
function parseFeedId(raw: string | null | undefined, epoch: string): { seq: number; k: number } | undefined {
  // Only ids as this feed writes them (no leading zeros, no `.0`): any other spelling is not one of its ids.
  const match = raw ? /^([0-9a-z]{1,32}):(0|[1-9]\d{0,14})(?:\.([1-9]\d{0,2}))?$/.exec(raw) : null;
  if (!match || match[1] !== epoch) return undefined;
  return { seq: Number(match[2]), k: Number(match[3] ?? 0) };
}
