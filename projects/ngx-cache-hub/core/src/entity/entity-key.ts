import { CacheHubError, type CacheHubErrorCode } from '../hub/cache-hub-error';
import { NAMESPACE_SEPARATOR } from '../hub/cache-key';
import type { EntityId } from './entity-config';

declare const ngDevMode: boolean | undefined;

const DETAIL = 'detail-';
const LIST = 'list-';

/** The hub key of an entity's detail: `customers:detail-42`. */
export function detailKey(type: string, id: EntityId): string {
  return `${type}${NAMESPACE_SEPARATOR}${DETAIL}${id}`;
}

/** The hub key of a list: `customers:list-{"page":1}` (objects are JSON-encoded with sorted keys). */
export function listKey(type: string, params: unknown = {}): string {
  return `${type}${NAMESPACE_SEPARATOR}${LIST}${typeof params === 'string' ? params : stableJson(params)}`;
}

/** What an entity key names, or undefined for other keys. */
export type ParsedEntityKey = { readonly kind: 'detail'; readonly type: string; readonly id: string } | { readonly kind: 'list'; readonly type: string; readonly params: unknown };

/** Parses `type:detail-<id>` and `type:list-<params>`. */
export function parseEntityKey(key: string): ParsedEntityKey | undefined {
  const at = key.indexOf(NAMESPACE_SEPARATOR);
  if (at <= 0) return undefined;
  const type = key.slice(0, at);
  const rest = key.slice(at + 1);
  if (rest.startsWith(DETAIL)) return { kind: 'detail', type, id: rest.slice(DETAIL.length) };
  if (rest.startsWith(LIST)) return { kind: 'list', type, params: parseParams(rest.slice(LIST.length)) };
  return undefined;
}

function parseParams(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function stableJson(value: unknown): string {
  try {
    return sortedJson(value);
  } catch (error) {
    throw new CacheHubError(
      100 satisfies CacheHubErrorCode.InvalidKey,
      (typeof ngDevMode === 'undefined' || ngDevMode) && `List params must be JSON data (no cycles or BigInt): ${String(error)}`,
      { cause: error },
    );
  }
}

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
