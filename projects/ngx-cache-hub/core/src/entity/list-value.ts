/** A cached list: a plain array or a page `{ items, totalCount }`. */
export type ListValue<T = unknown> = readonly T[] | { readonly items: readonly T[]; readonly totalCount?: number };

/** The items of a cached list, or undefined when the value is not a list. */
export function listItemsOf(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  const items = (value as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items : undefined;
}

/** A new list value with `items`, keeping the shape; totalCount moves by `countDelta`. */
export function withListItems(value: unknown, items: readonly unknown[], countDelta = 0): unknown {
  if (Array.isArray(value)) return items;
  const page = value as { totalCount?: unknown };
  const next: Record<string, unknown> = { ...(value as object), items };
  if (typeof page.totalCount === 'number') next['totalCount'] = Math.max(0, page.totalCount + countDelta);
  return next;
}
