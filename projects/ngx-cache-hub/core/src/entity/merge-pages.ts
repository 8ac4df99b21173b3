import { listItemsOf } from './list-value';

/** One loaded page of an infinite list, as {@link mergePages} reads it. */
export interface MergeablePage {
  /** The page's cached value: an array or `{ items, totalCount }` (undefined while it loads). */
  readonly value: unknown;
  /** How many items and what `totalCount` the page held when it was last answered by the server. */
  readonly baseline?: { readonly count: number; readonly totalCount: number | undefined; readonly answeredAt: number };
}

/** The pages of an infinite list merged into one view. */
export interface MergedPages<TItem> {
  readonly items: readonly TItem[];
  /** The server's count, moved by the creates and deletes applied since (undefined when pages carry none). */
  readonly totalCount: number | undefined;
}

/**
 * Concatenates the items of every page, each entity once. Entity events edit every page list of
 * the type: a created entity that sorts after a page's items is appended to it, and to later pages
 * too, so an entity at the end of a page that a later page also holds is shown there instead.
 * `totalCount` is the most recently answered page's count plus the items gained or lost since
 * the pages were answered.
 */
export function mergePages<TItem>(pages: readonly MergeablePage[], idOf: (item: unknown) => unknown): MergedPages<TItem> {
  const lists = pages.map((page) => listItemsOf(page.value) ?? []);
  const lastAt = new Map<unknown, number>();
  lists.forEach((items, page) => items.forEach((item) => lastAt.set(keyOf(idOf, item), page)));
  const seen = new Set<unknown>();
  const items: TItem[] = [];
  lists.forEach((list, page) =>
    list.forEach((item, at) => {
      const id = keyOf(idOf, item);
      if (id === undefined) return void items.push(item as TItem);
      const tailOfEarlierPage = at === list.length - 1 && lastAt.get(id)! > page;
      if (seen.has(id) || tailOfEarlierPage) return;
      seen.add(id);
      items.push(item as TItem);
    }),
  );
  let latest: MergeablePage['baseline'];
  let counted = 0;
  for (const [page, { baseline }] of pages.entries()) {
    counted += baseline?.count ?? lists[page].length;
    if (baseline && (!latest || baseline.answeredAt > latest.answeredAt)) latest = baseline;
  }
  const total = latest?.totalCount ?? totalOf(pages.at(-1)?.value);
  return { items, totalCount: total === undefined ? undefined : Math.max(0, total + items.length - counted) };
}

function keyOf(idOf: (item: unknown) => unknown, item: unknown): unknown {
  const id = idOf(item);
  return id === undefined || id === null ? undefined : String(id);
}

function totalOf(value: unknown): number | undefined {
  const total = (value as { totalCount?: unknown } | null | undefined)?.totalCount;
  return typeof total === 'number' ? total : undefined;
}

/** A page's {@link MergeablePage.baseline} from its cached value, taken when the server answered. */
export function pageBaselineOf(value: unknown, answeredAt: number): NonNullable<MergeablePage['baseline']> {
  return { count: listItemsOf(value)?.length ?? 0, totalCount: totalOf(value), answeredAt };
}
