const PERMANENT = Symbol.for('ngx-cache-hub.offline.permanent');

/**
 * Thrown by a handler to say retrying cannot help: the action moves to `failed$` at once and its
 * optimistic layer is rolled back. Make one with `permanentError(err)`.
 */
export class OfflinePermanentError extends Error {
  override readonly name = 'OfflinePermanentError';
  /** The HTTP status of the wrapped error, when it had one. */
  readonly status?: number;

  constructor(message: string, options?: { cause?: unknown; status?: number }) {
    super(message, { cause: options?.cause });
    (this as Record<symbol, unknown>)[PERMANENT] = true;
    if (options?.status !== undefined) this.status = options.status;
  }
}

/**
 * Marks `error` as permanent for the offline queue.
 *
 * @example
 * execute: async (p) => { const res = await fetch(url, init); if (res.status === 409) throw permanentError(res); return res.json(); }
 */
export function permanentError(error: unknown): OfflinePermanentError {
  if (isPermanentError(error)) return error;
  const record = typeof error === 'object' && error !== null ? (error as { message?: unknown; status?: unknown }) : {};
  const message = typeof record.message === 'string' ? record.message : String(error);
  const status = typeof record.status === 'number' ? record.status : undefined;
  return new OfflinePermanentError(message, { cause: error, status });
}

/** True for errors made by `permanentError()`, even from another copy of the library. */
export function isPermanentError(error: unknown): error is OfflinePermanentError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[PERMANENT] === true;
}
