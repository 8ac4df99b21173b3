/** A page of a list endpoint. */
export interface Page<T> {
  items: T[];
  totalCount: number;
}

/** Cuts page `page` (1-based) of `pageSize` items out of `items`. */
export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const start = (page - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), totalCount: items.length };
}
