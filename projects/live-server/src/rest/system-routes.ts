import { pollEvents } from '../stream/poll-endpoint';
import { numberField, objectBody } from './body-fields';
import { entityTypesParam } from './query-params';
import type { RouteDeps } from './route-deps';
import type { Router } from './router';

/** Largest simulator rate accepted by `POST /api/sim`, in events per second. */
export const MAX_SIM_RATE = 10_000;

/** Adds health, metrics, the simulator switch and the polling fallback. */
export function addSystemRoutes(router: Router, deps: RouteDeps): void {
  router.add('GET', '/api/health', () => ({ status: 200, body: { ok: true } }));

  router.add('GET', '/api/metrics', () => ({ status: 200, body: deps.store.metrics() }));

  router.add('POST', '/api/sim', async (ctx) => {
    const body = objectBody(await ctx.body(), ['rate']);
    deps.sim.setRate(numberField(body, 'rate', 0, MAX_SIM_RATE, true)!);
    return { status: 200, body: { rate: deps.sim.rate } };
  });

  router.add('GET', '/api/events', ({ url, userId }) => ({
    status: 200,
    body: pollEvents(deps.hub, url.searchParams.get('since'), entityTypesParam(url.searchParams), userId),
  }));
}
