import { changedEntities, detailVersionOf } from './changed-entities';

describe('changedEntities', () => {
  it('names the one entity of a detail that changed, with its new version', () => {
    expect(changedEntities({ id: 7, version: 1 }, { id: 7, version: 2 })).toEqual([{ id: '7', version: 2, change: 'changed' }]);
  });

  it('finds the changed, added and removed items of a list, skipping items that kept their reference', () => {
    const a = { id: 'a', version: 1 };
    const b = { id: 'b', version: 1 };
    const c = { id: 'c', version: 4 };
    const before = [a, b];
    const after = { items: [a, { ...b, version: 3 }, c], totalCount: 3 };
    expect(changedEntities(before, after)).toEqual([
      { id: 'b', version: 3, change: 'changed' },
      { id: 'c', version: 4, change: 'added' },
    ]);
    expect(changedEntities(after, [a])).toEqual([
      { id: 'b', version: 3, change: 'removed' },
      { id: 'c', version: 4, change: 'removed' },
    ]);
  });

  it('takes a new object at the same version as unchanged (a refetch that brought nothing new)', () => {
    expect(changedEntities([{ id: 1, version: 3 }], [{ id: 1, version: 3 }])).toEqual([]);
    expect(changedEntities([{ id: 1, name: 'a' }], [{ id: 1, name: 'b' }])).toEqual([{ id: '1', version: undefined, change: 'changed' }]);
  });

  it('says nothing about values that hold no entities, and stops at the limit', () => {
    expect(changedEntities(1, 2)).toEqual([]);
    const many = Array.from({ length: 100 }, (_, i) => ({ id: i, version: 1 }));
    expect(changedEntities(undefined, many, 10)).toHaveLength(10);
  });

  it('reads the version of a detail only', () => {
    expect(detailVersionOf({ id: 1, version: 5 })).toBe(5);
    expect(detailVersionOf([{ id: 1, version: 5 }])).toBeUndefined();
    expect(detailVersionOf(null)).toBeUndefined();
  });
});
