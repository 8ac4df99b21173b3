import { CoalescedUpdate } from './coalesced-update';

describe('CoalescedUpdate', () => {
  const fold = (...updates: [number, Record<string, unknown>][]) => {
    const coalesced = new CoalescedUpdate('products', 1);
    updates.forEach(([version, changes]) => coalesced.add({ entityType: 'products', entityId: 1, changes, version }));
    return coalesced;
  };
  const versionsAndChanges = (coalesced: CoalescedUpdate) => coalesced.toUpdates().map(({ version, changes }) => [version, changes]);

  it('merges updates in version order whatever order they came in', () => {
    const coalesced = fold([3, { stock: 3 }], [5, { stock: 5, price: 1 }], [4, { stock: 4 }]);
    expect(versionsAndChanges(coalesced)).toEqual([[5, { stock: 5, price: 1 }]]);
    expect(coalesced).toMatchObject({ size: 3, version: 5 });
  });

  it('keeps the version of each winning field, so the store records the same per-field versions', () => {
    expect(versionsAndChanges(fold([10, { price: 1 }], [3, { stock: 3 }]))).toEqual([
      [3, { stock: 3 }],
      [10, { price: 1 }],
    ]);
  });

  it('keeps the first value of a field on a version tie, as the store does', () => {
    expect(versionsAndChanges(fold([2, { stock: 1 }], [2, { stock: 9 }]))).toEqual([[2, { stock: 1 }]]);
  });

  it('still carries the highest version when no field of it wins', () => {
    expect(versionsAndChanges(fold([2, { stock: 1 }], [6, {}]))).toEqual([
      [2, { stock: 1 }],
      [6, {}],
    ]);
  });
});
