import { ORDER_STATUSES } from '../store/entity-types';
import type { OrderLineInput } from '../store/store-command';
import { enumField, intField, objectBody, stringField } from './body-fields';
import { commandRoute } from './command-route';
import { HttpError } from './http-error';
import { enumParam, intParam } from './query-params';
import { withPosition, type RouteDeps } from './route-deps';
import type { RequestContext, Router } from './router';

/** Adds the `/api/orders` routes; every one needs a signed-in user and sees only that user's orders. */
export function addOrderRoutes(router: Router, deps: RouteDeps): void {
  const { store } = deps;

  const ownOrder = (ctx: RequestContext) => {
    const userId = signedIn(ctx);
    const order = store.orders.get(ctx.params['id']);
    if (!order || order.userId !== userId) throw new HttpError(404, `order ${ctx.params['id']} not found`);
    return order;
  };

  router.add('GET', '/api/orders', (ctx) => {
    const userId = signedIn(ctx);
    const query = ctx.url.searchParams;
    return {
      status: 200,
      body: withPosition(
        deps,
        store.listOrders({
          userId,
          status: enumParam(query, 'status', ORDER_STATUSES),
          page: intParam(query, 'page', 1, 1, 1_000_000),
          pageSize: intParam(query, 'pageSize', 20, 1, 100),
        }),
      ),
    };
  });

  // Before /api/orders/:id, which would take "totals" (or "per-minute") for an id.
  router.add('GET', '/api/orders/totals', (ctx) => ({ status: 200, body: withPosition(deps, store.orderTotals(signedIn(ctx))) }));

  router.add('GET', '/api/orders/per-minute', (ctx) => ({
    status: 200,
    body: withPosition(deps, store.ordersPerMinute(signedIn(ctx), intParam(ctx.url.searchParams, 'minutes', 15, 1, 120), deps.now())),
  }));

  router.add('GET', '/api/orders/:id', (ctx) => ({ status: 200, body: ownOrder(ctx) }));

  router.add('GET', '/api/orders/:id/events', (ctx) => {
    const order = ownOrder(ctx);
    return { status: 200, body: store.orderHistory.get(order.id) ?? [] };
  });

  router.add(
    'POST',
    '/api/orders',
    commandRoute(deps, async (ctx) => {
      signedIn(ctx);
      const body = objectBody(await ctx.body(), ['items']);
      const items = body['items'];
      if (!Array.isArray(items) || items.length === 0 || items.length > 50) {
        throw new HttpError(400, 'field items must be an array of 1 to 50 { productId, variantId, quantity }');
      }
      const lines: OrderLineInput[] = items.map((item) => {
        const line = objectBody(item, ['productId', 'variantId', 'quantity'], ['price']);
        return {
          productId: stringField(line, 'productId', { required: true }),
          variantId: stringField(line, 'variantId', { required: true }),
          quantity: intField(line, 'quantity', 1, 1000, true),
        };
      });
      return { kind: 'order.create', items: lines };
    }),
  );

  router.add(
    'POST',
    '/api/orders/:id/status',
    commandRoute(deps, async (ctx) => {
      signedIn(ctx);
      const body = objectBody(await ctx.body(), ['status']);
      return { kind: 'order.status', orderId: ctx.params['id'], status: enumField(body, 'status', ORDER_STATUSES, true)! };
    }),
  );
}

function signedIn(ctx: RequestContext): string {
  if (ctx.userId === null) throw new HttpError(401, 'orders need a bearer token (Authorization: Bearer demo-alice)');
  return ctx.userId;
}
