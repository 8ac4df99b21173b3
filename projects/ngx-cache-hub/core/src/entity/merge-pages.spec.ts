import { mergePages } from './merge-pages';

const idOf = (item: any) => item?.id;
const page = (ids: number[], totalCount?: number, answeredAt = 1) => ({
  value: totalCount === undefined ? ids.map((id) => ({ id })) : { items: ids.map((id) => ({ id })), totalCount },
  baseline: { count: ids.length, totalCount, answeredAt },
});
const ids = (merged: { items: readonly any[] }) => merged.items.map((item) => item.id);

describe('mergePages', () => {
  it('concatenates pages in order, with the latest answered count', () => {
    const merged = mergePages([page([1, 2], 10, 1), page([3, 4], 9, 2)], idOf);
    expect(ids(merged)).toEqual([1, 2, 3, 4]);
    expect(merged.totalCount).toBe(9);
  });

  it('a delete on one page lowers the count by one', () => {
    const third = { ...page([5, 6], 6, 3), value: { items: [{ id: 5 }], totalCount: 5 } };
    const merged = mergePages([page([1, 2], 6), page([3, 4], 6), third], idOf);
    expect(ids(merged)).toEqual([1, 2, 3, 4, 5]);
    expect(merged.totalCount).toBe(5);
  });

  it('an entity inserted into every page is shown once, where it sorts, and counted once', () => {
    // 7 sorts between page 1 and page 2: appended to page 1, first on page 2 (and 3).
    const pages = [
      { ...page([1, 2], 6, 1), value: { items: [{ id: 1 }, { id: 2 }, { id: 7 }], totalCount: 7 } },
      { ...page([3, 4], 6, 2), value: { items: [{ id: 7 }, { id: 3 }, { id: 4 }], totalCount: 7 } },
      { ...page([5, 6], 6, 3), value: { items: [{ id: 7 }, { id: 5 }, { id: 6 }], totalCount: 7 } },
    ];
    const merged = mergePages(pages, idOf);
    expect(ids(merged)).toEqual([1, 2, 7, 3, 4, 5, 6]);
    expect(merged.totalCount).toBe(7);
  });

  it('an entity appended to every page (no sort) ends up at the end of the last page', () => {
    const pages = [
      { ...page([1], 2), value: [{ id: 1 }, { id: 9 }] },
      { ...page([2], 2), value: [{ id: 2 }, { id: 9 }] },
    ];
    expect(ids(mergePages(pages, idOf))).toEqual([1, 2, 9]);
  });

  it('pages without a baseline count as they are; pages without counts give none', () => {
    expect(mergePages([{ value: { items: [{ id: 1 }], totalCount: 4 } }], idOf).totalCount).toBe(4);
    expect(mergePages([page([1, 2]), { value: undefined }], idOf)).toEqual({ items: [{ id: 1 }, { id: 2 }], totalCount: undefined });
  });
});
