import type { OfflineAction } from './offline-action';
import type { OfflineActionContext, OfflineActionHandler } from './offline-action-handler';

declare const ngDevMode: boolean | undefined;

/** One attempt to send an action, as the replay loop prepared it. */
export interface OfflineAttempt {
  /** The action as it is sent: its payload already remapped. */
  readonly action: OfflineAction;
  readonly handler: OfflineActionHandler;
  /** Aborted on timeout, user switch and destroy. */
  readonly controller: AbortController;
}

/** How an attempt ended: never started, answered, or failed (thrown, timed out, aborted). */
export type AttemptOutcome = { readonly kind: 'not-started' } | { readonly kind: 'ok'; readonly result: unknown } | { readonly kind: 'error'; readonly error: unknown };

/**
 * Runs one attempt. The handler is called only if, at that very moment, the signal is not aborted
 * and `mayStart()` holds (the queue checks there that the signed-in user is the action's), with no
 * await in between. Settles on timeout (`timeoutMs`, `0`: none) or abort, whatever the handler does.
 */
export async function runOfflineAttempt(attempt: OfflineAttempt, mayStart: () => boolean, timeoutMs: number): Promise<AttemptOutcome> {
  const { action, handler, controller } = attempt;
  const { signal } = controller;
  if (signal.aborted || !mayStart()) return { kind: 'not-started' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort = (): void => undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  if (timeoutMs > 0) {
    timer = setTimeout(
      () => controller.abort(new DOMException(typeof ngDevMode === 'undefined' || ngDevMode ? `the attempt took longer than ${timeoutMs} ms` : '', 'TimeoutError')),
      timeoutMs,
    );
  }
  try {
    const context: OfflineActionContext = { idempotencyKey: action.id, attempt: action.attempts, signal, scope: action.scope };
    const result = await Promise.race([handler.execute(action.payload, context), stopped]);
    return { kind: 'ok', result };
  } catch (error) {
    return { kind: 'error', error };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
