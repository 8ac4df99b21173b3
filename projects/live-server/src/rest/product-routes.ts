import { roundMoney } from '../store/seed-data';
import { MAX_PRICE } from '../store/product-operations';
import { intField, numberField, objectBody, requireSomeField, stringField } from './body-fields';
import { commandRoute } from './command-route';
import { HttpError } from './http-error';
import { booleanParam, intParam, stringParam } from './query-params';
import { withPosition, type RouteDeps } from './route-deps';
import type { RequestContext, Router } from './router';

/** Adds the `/api/products` routes. */
export function addProductRoutes(router: Router, deps: RouteDeps): void {
  const { store } = deps;

  router.add('GET', '/api/products', ({ url }) => {
    const query = url.searchParams;
    return {
      status: 200,
      body: withPosition(
        deps,
        store.listProducts({
          page: intParam(query, 'page', 1, 1, 1_000_000),
          pageSize: intParam(query, 'pageSize', 20, 1, 100),
          q: stringParam(query, 'q'),
          category: stringParam(query, 'category'),
          lowStock: booleanParam(query, 'lowStock'),
        }),
      ),
    };
  });

  router.add('GET', '/api/products/:id', ({ params }) => {
    const product = store.products.get(params['id']);
    if (!product) throw new HttpError(404, `product ${params['id']} not found`);
    return { status: 200, body: product };
  });

  router.add(
    'PATCH',
    '/api/products/:id',
    commandRoute(deps, async (ctx) => {
      const body = objectBody(await ctx.body(), ['name', 'price', 'lowStockThreshold', 'category'], ['id', 'version']);
      const price = numberField(body, 'price', 0.01, MAX_PRICE);
      const changes = {
        name: stringField(body, 'name'),
        price: price === undefined ? undefined : roundMoney(price),
        lowStockThreshold: intField(body, 'lowStockThreshold', 0, 1_000_000),
        category: stringField(body, 'category', { maxLength: 100 }),
      };
      requireSomeField(changes);
      return { kind: 'product.patch', productId: ctx.params['id'], changes };
    }),
  );

  router.add(
    'POST',
    '/api/products/:id/purchase',
    commandRoute(deps, async (ctx) => ({ kind: 'product.purchase', productId: ctx.params['id'], ...(await stockBody(ctx, 1000)) })),
  );

  router.add(
    'POST',
    '/api/products/:id/restock',
    commandRoute(deps, async (ctx) => ({ kind: 'product.restock', productId: ctx.params['id'], ...(await stockBody(ctx, 100_000)) })),
  );

  router.add(
    'POST',
    '/api/products/bulk-price',
    commandRoute(deps, async (ctx) => {
      const body = objectBody(await ctx.body(), ['percent', 'category']);
      return {
        kind: 'product.bulk-price',
        percent: numberField(body, 'percent', -90, 1000, true)!,
        category: stringField(body, 'category', { maxLength: 100 }),
      };
    }),
  );
}

async function stockBody(ctx: RequestContext, maxQuantity: number): Promise<{ variantId: string; quantity: number }> {
  const body = objectBody(await ctx.body(), ['variantId', 'quantity']);
  return {
    variantId: stringField(body, 'variantId', { required: true }),
    quantity: intField(body, 'quantity', 1, maxQuantity, true),
  };
}
