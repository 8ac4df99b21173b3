import { from, isObservable, type Observable } from 'rxjs';
import { CacheHubError, type CacheHubErrorCode } from './cache-hub-error';

/** Set to false by production builds (Angular CLI), which drops the dev-only code it guards. */
declare const ngDevMode: boolean | undefined;

/** Where a fetch gets its value: an Observable, or a function returning an Observable or a Promise. */
export type FetchSource<T> = Observable<T> | (() => Observable<T> | Promise<T>);

/** Normalizes a fetch source to a factory of Observables. */
export function toFactory<T>(source: FetchSource<T>): () => Observable<T> {
  if (isObservable(source)) return () => source;
  if (typeof source === 'function') return () => from(source());
  throw new CacheHubError(
    104 satisfies CacheHubErrorCode.InvalidOption,
    (typeof ngDevMode === 'undefined' || ngDevMode) && 'A fetch source must be an Observable or a function returning an Observable or a Promise',
  );
}
