import { CacheHub } from 'ngx-cache-hub/core';
import { CacheInspector } from './cache-inspector';

describe('ChangeTracker (through CacheInspector)', () => {
  let hub: CacheHub;
  let inspector: CacheInspector;
  beforeEach(() => {
    jest.useFakeTimers();
    hub = new CacheHub();
    inspector = new CacheInspector({ hub }, { refreshMs: 20, maxHistory: 30 });
  });
  afterEach(() => {
    inspector.destroy();
    hub.destroy();
    jest.useRealTimers();
  });

  const versions = (key: string) =>
    inspector.detail(key)!.history.map((record) => `${record.cause} ${record.changed.map((entity) => `${entity.change} v${entity.version}`).join(',')}`);

  it('records each of several writes made in the same synchronous turn, then later ones', async () => {
    hub.set('k:detail-a', { id: 'a', version: 1 });
    hub.set('k:detail-a', { id: 'a', version: 2 });
    hub.set('k:detail-a', { id: 'a', version: 3 });
    expect(versions('k:detail-a')).toEqual(['set changed v3', 'set changed v2', 'set added v1']);
    await jest.advanceTimersByTimeAsync(10);
    hub.set('k:detail-a', { id: 'a', version: 4 });
    await jest.advanceTimersByTimeAsync(10);
    hub.set('k:detail-a', { id: 'a', version: 5 });
    await jest.advanceTimersByTimeAsync(10);
    expect(versions('k:detail-a')).toEqual(['set changed v5', 'set changed v4', 'set changed v3', 'set changed v2', 'set added v1']);
  });

  it('records plain values written twice in a turn twice, and keeps the cap', () => {
    hub.set('counter', 1);
    hub.set('counter', 2);
    expect(inspector.detail('counter')!.history).toHaveLength(2);
    for (let i = 3; i <= 100; i++) hub.set('counter', i);
    expect(inspector.detail('counter')!.history).toHaveLength(30);
  });

  it('keeps a list re-sorted in the same turn (no entity changed) as one change', () => {
    const a = { id: 'a', version: 1 };
    const b = { id: 'b', version: 1 };
    hub.set('k:list-{}', [a, b]);
    hub.set('k:list-{}', [b, a]);
    expect(versions('k:list-{}')).toEqual(['set added v1,added v1']);
  });
});
