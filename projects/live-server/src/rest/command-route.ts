import type { StoreOperation } from '../store/store-command';
import { operationFingerprint, reusedKeyError } from '../store/operation-fingerprint';
import { HttpError } from './http-error';
import type { RouteDeps } from './route-deps';
import type { RequestContext, RouteHandler, RouteResult } from './router';

/** Header set on a response replayed for a repeated `Idempotency-Key`. */
const REPLAYED_HEADER = 'Idempotent-Replayed';

/**
 * Makes a mutation route: `build` validates the request and returns the store operation; the
 * route then submits it as a command. A repeated `Idempotency-Key` (per user) for the same
 * operation answers with the first response and applies nothing; for another operation (another
 * route or body) it answers 422 and applies nothing (the store checks again when the command is
 * applied, for repeats that race).
 */
export function commandRoute(deps: RouteDeps, build: (ctx: RequestContext) => Promise<StoreOperation> | StoreOperation): RouteHandler {
  return async (ctx) => {
    const idempotencyKey = readIdempotencyKey(ctx);
    const operation = await build(ctx);
    if (idempotencyKey !== undefined) {
      const earlier = deps.store.idempotency.get(ctx.userId, idempotencyKey);
      if (earlier && earlier.request !== undefined && earlier.request !== operationFingerprint(operation)) throw new HttpError(422, reusedKeyError(idempotencyKey));
      if (earlier) return { status: earlier.status, body: earlier.body, seq: earlier.seq, headers: { [REPLAYED_HEADER]: 'true' } };
    }
    let result;
    try {
      result = await deps.bus.submit({ operation, at: new Date(deps.now()).toISOString(), actor: ctx.userId, idempotencyKey });
    } catch (error) {
      throw new HttpError(503, `the outcome of this change is unknown (${(error as Error).message}); retry it with the same Idempotency-Key`);
    }
    const response: RouteResult = { status: result.status, body: result.body, seq: result.seq };
    if (result.replayed) response.headers = { [REPLAYED_HEADER]: 'true' };
    return response;
  };
}

function readIdempotencyKey(ctx: RequestContext): string | undefined {
  const header = ctx.req.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || key === '') return undefined;
  if (key.length > 200) throw new HttpError(400, 'Idempotency-Key must be at most 200 characters');
  return key;
}
