import type { OptimisticChange } from '../../hub/optimistic-change';
import type { OfflineActionContext, OfflineActionHandler, OfflineEntityCreation } from '../offline-action-handler';

/** How one request goes wrong. */
export type Fault =
  | { readonly kind: 'network' } // never reaches the server
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>> } // refused, not applied
  | { readonly kind: 'lost-response' } // applied, but the response dies on the way back
  /** Applied (an earlier request with the key is still running and will finish), answered 409 "key in progress". */
  | { readonly kind: 'in-progress'; readonly says: 'retry-after' | 'body' };

/** One request as the server saw it. */
export interface ServerRequest {
  readonly type: string;
  readonly payload: unknown;
  readonly key: string;
  readonly attempt: number;
  readonly at: number;
  /** Whose credentials the request carried, when the handler says. */
  readonly user?: string;
}

/** An HTTP-like error, shaped like Angular's `HttpErrorResponse`. */
export class FakeHttpError extends Error {
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly status: number,
    headers: Readonly<Record<string, string>> = {},
    /** The response body, where `HttpErrorResponse` keeps it. */
    readonly error?: unknown,
  ) {
    super(`HTTP ${status}`);
    this.headers = { get: (name) => headers[Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ''] ?? null };
  }
}

/**
 * A server that honours idempotency keys: the first request with a key applies it, later ones get
 * the stored response. Faults are scripted per request in arrival order.
 */
export class FakeServer {
  /** Applications per idempotency key: exactly-once means every value is 1. */
  readonly applied = new Map<string, number>();
  /** Applied actions in application order. */
  readonly appliedLog: { type: string; payload: unknown; key: string; user?: string }[] = [];
  readonly requests: ServerRequest[] = [];
  private readonly responses = new Map<string, unknown>();
  private readonly refusals = new Map<string, FakeHttpError>();
  private readonly faults: (Fault | undefined)[] = [];
  private nextEntityId = 100;

  constructor(
    /** Answer every later request with a key the way its first permanent (4xx) refusal was answered, as servers that store responses do. */
    private readonly remembersRefusals = false,
  ) {}

  /** Scripts the next requests: one fault (or `undefined` for success) per request. */
  willFail(...faults: (Fault | undefined)[]): void {
    this.faults.push(...faults);
  }

  /** Handles a request; `apply` computes the response the first time a key is seen. */
  receive(type: string, payload: unknown, context: OfflineActionContext, apply: () => unknown = () => ({ ok: true }), user?: string): unknown {
    this.requests.push({ type, payload, key: context.idempotencyKey, attempt: context.attempt, at: Date.now(), ...(user !== undefined ? { user } : {}) });
    const fault = this.faults.shift();
    if (fault?.kind === 'network') throw new TypeError('Failed to fetch');
    const key = context.idempotencyKey;
    const refusal = this.refusals.get(key);
    if (refusal) throw refusal;
    if (!this.responses.has(key)) {
      if (fault?.kind === 'status') {
        const error = new FakeHttpError(fault.status, fault.headers);
        if (this.remembersRefusals && fault.status < 500 && ![408, 425, 429].includes(fault.status)) this.refusals.set(key, error);
        throw error;
      }
      let response: unknown;
      try {
        response = apply();
      } catch (error) {
        if (this.remembersRefusals) this.refusals.set(key, error as FakeHttpError);
        throw error;
      }
      this.responses.set(key, response);
      this.applied.set(key, (this.applied.get(key) ?? 0) + 1);
      this.appliedLog.push({ type, payload, key, ...(user !== undefined ? { user } : {}) });
    }
    if (fault?.kind === 'lost-response') throw new TypeError('Failed to fetch');
    if (fault?.kind === 'in-progress') {
      throw fault.says === 'retry-after'
        ? new FakeHttpError(409, { 'Retry-After': '1' })
        : new FakeHttpError(409, {}, { error: { type: 'idempotency_error', message: 'a request with this key is in progress' } });
    }
    return this.responses.get(key);
  }

  /** A handler sending `type` to this server after `latencyMs` of (fake) time. */
  handler<P>(type: string, options: HandlerOptions<P> = {}): OfflineActionHandler<P> {
    return {
      execute: async (payload, context) => {
        const user = options.credentials?.(context); // read when the request leaves, as an interceptor would
        await new Promise((resolve) => setTimeout(resolve, options.latencyMs ?? 10));
        const apply = () => {
          const refusal = options.refuses?.(payload);
          if (refusal) throw refusal;
          return options.creates ? { id: this.nextEntityId++ } : { ok: true };
        };
        return this.receive(type, payload, context, apply, user);
      },
      ...(options.optimistic ? { optimistic: options.optimistic } : {}),
      ...(options.creates
        ? { createsEntity: { entityType: options.creates, tempId: (p: P) => (p as { tempId?: string }).tempId, serverId: (r: { id: number }) => r.id } as OfflineEntityCreation<P> }
        : {}),
    };
  }

  /** Drops the faults scripted and not yet used. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The answer given to `key` when it was applied (`undefined` if it never was). */
  responseOf(key: string): unknown {
    return this.responses.get(key);
  }

  /** How many requests carried `key`. */
  attemptsOf(key: string): ServerRequest[] {
    return this.requests.filter((r) => r.key === key);
  }
}

/** Options of `FakeServer.handler()`. */
export interface HandlerOptions<P> {
  readonly latencyMs?: number;
  readonly optimistic?: (payload: P) => OptimisticChange;
  /** The action creates an entity of this type from `payload.tempId`; the server answers `{ id }`. */
  readonly creates?: string;
  /** Refuses the payload (not applied) with this error, e.g. a 404 for an id the server does not know. */
  readonly refuses?: (payload: P) => Error | undefined;
  /** The user whose credentials the request carries, read when `execute` is called. */
  readonly credentials?: (context: OfflineActionContext) => string | undefined;
}
