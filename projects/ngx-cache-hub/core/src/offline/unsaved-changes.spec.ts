import { orderOf } from './offline-action';
import { storedAction } from './testing-internal/queue-storage-contract';
import { UnsavedChanges } from './unsaved-changes';

describe('UnsavedChanges', () => {
  const remapOfLamp = storedAction('remap:lamp', 'alice', {
    type: 'ngx-cache-hub/remap',
    payload: { entityType: 'p', tempId: 'tmp-1', serverId: 'S1', since: 1_000 },
    createdAt: 1_000,
  });

  it('places a record never stored behind what storage holds, its order raised above the stored records and remaps', () => {
    // A page whose storage failed and whose clock is an hour behind stamped these below the remap it never saw.
    const desk = storedAction('desk', 'alice', { type: 'p/create', payload: { tempId: 'tmp-1' }, createdAt: 500, tempIds: ['tmp-1'] });
    const update = storedAction('update', 'alice', { payload: { id: 'tmp-1' }, createdAt: 501 });
    const unsaved = new UnsavedChanges();
    unsaved.record([], [desk, update]);

    const saved = unsaved.overlay([remapOfLamp]);

    expect(saved.map((r) => r.id)).toEqual(['remap:lamp', 'desk', 'update']);
    expect(saved.map(orderOf)).toEqual([1_000, 1_001, 1_002]);
  });

  it('keeps a record never stored as it is when its order already comes after storage', () => {
    const late = storedAction('late', 'alice', { createdAt: 5_000 });
    const unsaved = new UnsavedChanges();
    unsaved.record([], [late]);
    expect(unsaved.overlay([remapOfLamp])[1]).toBe(late);
  });
});
