import { defer, MonoTypeOperatorFunction, tap } from 'rxjs';
import type { KeyPattern } from '../hub/key-pattern';

/** Anything patterns can be invalidated on: the hub or a namespace view. */
export interface Invalidatable {
  invalidate(pattern: KeyPattern): number;
}

/**
 * Invalidates keys or patterns once the source succeeds (its first value, or completion without
 * one), so lists, counts and stats that a mutation made stale refresh. Errors invalidate nothing.
 *
 * @example
 * http.post('/api/orders', order).pipe(invalidateOnSuccess(hub, [/^orders:list-/, 'metrics:summary']))
 */
export function invalidateOnSuccess<T>(cache: Invalidatable, patterns: readonly KeyPattern[]): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      let done = false;
      const invalidate = () => {
        if (done) return;
        done = true;
        patterns.forEach((pattern) => cache.invalidate(pattern));
      };
      return source.pipe(tap({ next: invalidate, complete: invalidate }));
    });
}
