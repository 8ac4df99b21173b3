import type { OptimisticChange } from 'ngx-cache-hub';
import type { OfflineActionContext, OfflineActionHandler, OfflineEntityCreation } from '../offline-action-handler';

/** How one request goes wrong. */
export type Fault =
  | { readonly kind: 'network' } // never reaches the server
  | { readonly kind: 'status'; readonly status: number; readonly headers?: Readonly<Record<string, string>> } // refused, not applied
  | { readonly kind: 'lost-response' }; // applied, but the response dies on the way back

/** One request as the server saw it. */
export interface ServerRequest {
  readonly type: string;
  readonly payload: unknown;
  readonly key: string;
  readonly attempt: number;
  readonly at: number;
}

/** An HTTP-like error, shaped like Angular's `HttpErrorResponse`. */
export class FakeHttpError extends Error {
  readonly headers: { get(name: string): string | null };

  constructor(
    readonly status: number,
    headers: Readonly<Record<string, string>> = {},
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
  readonly appliedLog: { type: string; payload: unknown; key: string }[] = [];
  readonly requests: ServerRequest[] = [];
  private readonly responses = new Map<string, unknown>();
  private readonly faults: (Fault | undefined)[] = [];
  private nextEntityId = 100;

  /** Scripts the next requests: one fault (or `undefined` for success) per request. */
  willFail(...faults: (Fault | undefined)[]): void {
    this.faults.push(...faults);
  }

  /** Handles a request; `apply` computes the response the first time a key is seen. */
  receive(type: string, payload: unknown, context: OfflineActionContext, apply: () => unknown = () => ({ ok: true })): unknown {
    this.requests.push({ type, payload, key: context.idempotencyKey, attempt: context.attempt, at: Date.now() });
    const fault = this.faults.shift();
    if (fault?.kind === 'network') throw new TypeError('Failed to fetch');
    const key = context.idempotencyKey;
    if (!this.responses.has(key)) {
      if (fault?.kind === 'status') throw new FakeHttpError(fault.status, fault.headers);
      this.responses.set(key, apply());
      this.applied.set(key, (this.applied.get(key) ?? 0) + 1);
      this.appliedLog.push({ type, payload, key });
    }
    if (fault?.kind === 'lost-response') throw new TypeError('Failed to fetch');
    return this.responses.get(key);
  }

  /** A handler sending `type` to this server after `latencyMs` of (fake) time. */
  handler<P>(type: string, options: HandlerOptions<P> = {}): OfflineActionHandler<P> {
    return {
      execute: async (payload, context) => {
        await new Promise((resolve) => setTimeout(resolve, options.latencyMs ?? 10));
        return this.receive(type, payload, context, options.creates ? () => ({ id: this.nextEntityId++ }) : undefined);
      },
      ...(options.optimistic ? { optimistic: options.optimistic } : {}),
      ...(options.creates
        ? { createsEntity: { entityType: options.creates, tempId: (p: P) => (p as { tempId?: string }).tempId, serverId: (r: { id: number }) => r.id } as OfflineEntityCreation<P> }
        : {}),
    };
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
}
