import { CoalescedUpdate } from './coalesced-update';

describe('CoalescedUpdate', () => {
  it('hands the updates of its entity to the store as they came, the store folding them', () => {
    const coalesced = new CoalescedUpdate('products', 1);
    const updates = [3, 5, 4].map((version) => ({ entityType: 'products', entityId: 1, changes: { stock: version }, version }));
    updates.forEach((update) => coalesced.add(update));
    expect(coalesced.toUpdates()).toEqual(updates);
    expect(coalesced.size).toBe(3);
  });
});
