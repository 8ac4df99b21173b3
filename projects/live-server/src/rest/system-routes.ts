import { pollEvents } from '../stream/poll-endpoint';
import { numberField, objectBody } from './body-fields';
import { entityTypesParam } from './query-params';
import type { RouteDeps } from './route-deps';
import type { Router } from './router';

/** Largest simulator rate accepted by `POST /api/sim`, in events per second. */
const MAX_SIM_RATE = 10_000;

/**
 * Adds health (200 when ready, else 503 with the reason), metrics, the simulator switch and
 * the polling fallback.
 */
export function addSystemRoutes(router: Router, deps: RouteDeps): void {
  router.add('GET', '/api/health', () => {
    const { ready, serving, reason } = deps.bus.readiness();
    const body = { ok: ready, ready, serving, mode: deps.bus.mode, ...deps.hub.position, ...(reason ? { reason } : {}) };
    return { status: ready ? 200 : 503, body };
  });

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
