import type { OptimisticChange } from '../hub/optimistic-change';

/** What a handler gets on each attempt. */
export interface OfflineActionContext {
  /** The action id, identical on every attempt: send it as the `Idempotency-Key` header. */
  readonly idempotencyKey: string;
  /** 1 on the first attempt, then 2, 3... (counted again from 1 after `retry(id)`). */
  readonly attempt: number;
  /** Aborted when the queue gives up on this attempt (timeout, user switch, destroy); never aborted at the call. */
  readonly signal: AbortSignal;
  /**
   * The user scope the action was enqueued under, which the queue checked is the signed-in one
   * just before this call. Attach this user's credentials, not whoever is signed in by the time
   * the request leaves.
   */
  readonly scope: string;
}

/** Declares that an action creates an entity under a temporary id, so the id can be remapped once it syncs. */
export interface OfflineEntityCreation<P = unknown, R = unknown> {
  /** The entity type as the cache knows it (e.g. `'products'`). */
  readonly entityType: string;
  /** The temporary id used in the payload (a non-empty string, else enqueue rejects with InvalidActionPayload), or `undefined` when there is none. */
  tempId(payload: P): string | undefined;
  /** The id the server gave the entity, read from `execute`'s result. */
  serverId(result: R): string | number;
}

/**
 * Replays one action type. Registered per type (`handlers` option or `register()`): the library
 * never switches on app action types.
 *
 * @example
 * const updateStock: OfflineActionHandler<{ id: string; stock: number }> = {
 *   execute: (p, ctx) => firstValueFrom(http.patch(`/api/products/${p.id}`, p, { headers: { 'Idempotency-Key': ctx.idempotencyKey } })),
 *   optimistic: (p) => [{ key: `products:detail-${p.id}`, update: (v: any) => ({ ...v, stock: p.stock }) }],
 * };
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` defaults: typed handlers must fit the untyped handler map (parameter contravariance)
export interface OfflineActionHandler<P = any, R = any> {
  /** Sends the action. Throw `permanentError(err)` for a failure retrying cannot fix; other errors are classified. */
  execute(payload: P, context: OfflineActionContext): Promise<R>;
  /** The change to show until the server answers; applied again (from the stored payload) after a reload. */
  optimistic?(payload: P): OptimisticChange;
  /** Set when the action creates an entity under a temporary id. */
  readonly createsEntity?: OfflineEntityCreation<P, R>;
}
