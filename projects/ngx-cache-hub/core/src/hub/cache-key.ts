import { CacheHubError, type CacheHubErrorCode } from './cache-hub-error';

/** Set to false by production builds (Angular CLI), which drops the dev-only code it guards. */
declare const ngDevMode: boolean | undefined;

/** Separates a namespace from the rest of a key: `customers:detail-42`. */
export const NAMESPACE_SEPARATOR = ':';

/** Throws a typed error unless `key` is a non-empty string. */
export function assertValidKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new CacheHubError(
      100 satisfies CacheHubErrorCode.InvalidKey,
      (typeof ngDevMode === 'undefined' || ngDevMode) && `A cache key must be a non-empty string, got ${describe(key)}. Pass a string such as 'customers:detail-42'`,
    );
  }
}

/** Throws a typed error unless `namespace` is a non-empty string without ':'. */
export function assertValidNamespace(namespace: unknown): asserts namespace is string {
  if (typeof namespace !== 'string' || namespace.length === 0 || namespace.includes(NAMESPACE_SEPARATOR)) {
    throw new CacheHubError(
      102 satisfies CacheHubErrorCode.InvalidNamespace,
      (typeof ngDevMode === 'undefined' || ngDevMode) &&
        `A namespace must be a non-empty string without '${NAMESPACE_SEPARATOR}', got ${describe(namespace)}. Use a name such as 'customers'`,
    );
  }
}

/** The namespace of a key: the text before its first ':', or undefined when it has none. */
export function namespaceOf(key: string): string | undefined {
  const at = key.indexOf(NAMESPACE_SEPARATOR);
  return at > 0 ? key.slice(0, at) : undefined;
}

/** Short, safe description of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
