import { CUSTOMER_TIERS } from '../store/entity-types';
import { enumField, objectBody, requireSomeField, stringField } from './body-fields';
import { commandRoute } from './command-route';
import { HttpError } from './http-error';
import { enumParam, intParam, stringParam } from './query-params';
import { withPosition, type RouteDeps } from './route-deps';
import type { Router } from './router';

/** Adds the `/api/customers` routes. */
export function addCustomerRoutes(router: Router, deps: RouteDeps): void {
  const { store } = deps;

  router.add('GET', '/api/customers', ({ url }) => {
    const query = url.searchParams;
    return {
      status: 200,
      body: withPosition(
        deps,
        store.listCustomers({
          page: intParam(query, 'page', 1, 1, 1_000_000),
          pageSize: intParam(query, 'pageSize', 20, 1, 100),
          q: stringParam(query, 'q'),
          tier: enumParam(query, 'tier', CUSTOMER_TIERS),
        }),
      ),
    };
  });

  router.add('GET', '/api/customers/:id', ({ params }) => {
    const customer = store.customers.get(params['id']);
    if (customer) return { status: 200, body: customer };
    const deletedVersion = store.tombstone('customers', params['id']);
    if (deletedVersion !== undefined) {
      return { status: 404, body: { error: `customer ${params['id']} was deleted`, deleted: true, version: deletedVersion } };
    }
    throw new HttpError(404, `customer ${params['id']} not found`);
  });

  router.add(
    'PATCH',
    '/api/customers/:id',
    commandRoute(deps, async (ctx) => {
      const body = objectBody(await ctx.body(), ['name', 'email', 'tier'], ['id', 'version']);
      const email = stringField(body, 'email');
      if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) throw new HttpError(400, 'field email must be an email address');
      const changes = { name: stringField(body, 'name'), email, tier: enumField(body, 'tier', CUSTOMER_TIERS) };
      requireSomeField(changes);
      return { kind: 'customer.patch', customerId: ctx.params['id'], changes };
    }),
  );

  router.add(
    'DELETE',
    '/api/customers/:id',
    commandRoute(deps, (ctx) => ({ kind: 'customer.delete', customerId: ctx.params['id'] })),
  );
}
