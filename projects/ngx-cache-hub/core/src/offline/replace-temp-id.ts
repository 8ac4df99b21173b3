import { isPlainRecord } from './json-payload';

/**
 * `value` with every string equal to `tempId` (deep, in arrays and object values) replaced by
 * `serverId`. Untouched branches keep their reference, so an unchanged value is returned as is.
 *
 * @example
 * replaceTempId({ id: 'tmp-1', lines: ['tmp-1'] }, 'tmp-1', 17); // { id: 17, lines: [17] }
 */
export function replaceTempId<T>(value: T, tempId: string, serverId: string | number): T {
  return replace(value, tempId, serverId) as T;
}

function replace(value: unknown, tempId: string, serverId: string | number): unknown {
  if (value === tempId) return serverId;
  if (Array.isArray(value)) {
    const next = value.map((item) => replace(item, tempId, serverId));
    return next.some((item, i) => item !== value[i]) ? next : value;
  }
  if (isPlainRecord(value)) {
    let next: Record<string, unknown> | undefined;
    for (const [key, field] of Object.entries(value)) {
      const replaced = replace(field, tempId, serverId);
      if (replaced !== field) (next ??= { ...value })[key] = replaced;
    }
    return next ?? value;
  }
  return value;
}
