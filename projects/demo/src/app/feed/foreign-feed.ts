import { Observable } from 'rxjs';
import { fetchSseTransport, type MessageMeta, type RealtimeTransport } from 'ngx-cache-hub/realtime';

/** The named events of the foreign feed (the others come as plain `data:` messages with a `type`). */
const NAMED_EVENTS = ['stock_reserved', 'stock_committed', 'stock_released', 'payment_success', 'payment_failed', 'tracking_updated', 'order_delivered'];
const STOCK_EVENTS = new Set(['stock_updated', 'stock_reserved', 'stock_committed', 'stock_released']);
const ORDER_EVENTS = new Set(['order_created', 'payment_success', 'payment_failed', 'order_shipped', 'tracking_updated', 'order_delivered']);

/**
 * The e-commerce backend's own event feed (`/api/realtime/events` for stock, `/api/realtime/events/user`
 * for the signed-in user's orders), mapped to the protocol. Its events carry neither the whole
 * entity nor a version (a variant's stock, not the product's; an order's new state), so each one
 * invalidates what it touches: the cache refetches it and stays equal to the server.
 */
export function mapForeignEvent(message: unknown, meta: MessageMeta): unknown {
  const type = meta.event && meta.event !== 'message' ? meta.event : (message as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return null;
  if (STOCK_EVENTS.has(type)) return { type: 'BULK_UPDATE', data: { entityType: 'products', updates: [] } };
  if (ORDER_EVENTS.has(type)) return { type: 'BULK_UPDATE', data: { entityType: 'orders', updates: [] } };
  return null; // `connected`, and events the dashboard does not show
}

/** Both feeds as one transport: open once both answered, ended when either ends. */
export function foreignFeedTransport(): RealtimeTransport {
  const feeds = ['/api/realtime/events', '/api/realtime/events/user'].map((url) => fetchSseTransport({ url, events: NAMED_EVENTS }));
  return {
    duplex: false,
    connect: (session) =>
      new Observable<unknown>((subscriber) => {
        let open = 0;
        const streams = feeds.map((feed) => feed.connect({ ...session, opened: () => ++open === feeds.length && session.opened() }).subscribe(subscriber));
        return () => streams.forEach((stream) => stream.unsubscribe());
      }),
    send: () => undefined,
  };
}
