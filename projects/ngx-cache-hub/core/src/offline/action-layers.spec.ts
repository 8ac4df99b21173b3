import type { OptimisticChange } from '../hub/optimistic-change';
import { ActionLayers } from './action-layers';
import type { OfflineAction } from './offline-action';
import type { OfflineActionHandler } from './offline-action-handler';
import { FakeCacheBridge } from './testing-internal/fake-cache-bridge';
import { storedAction } from './testing-internal/queue-storage-contract';

describe('ActionLayers', () => {
  const setStock: OfflineActionHandler<{ sku: string | number; stock: number }> = {
    execute: async () => undefined,
    optimistic: (p) => [{ key: `products:detail-${p.sku}`, update: (v) => ({ ...(v as object), stock: p.stock }) }],
  };
  const handlers = new Map<string, OfflineActionHandler>([['stock/update', setStock]]);
  const action = (id: string, sku: string | number, stock: number, extra: Partial<OfflineAction> = {}) => storedAction(id, 'alice', { payload: { sku, stock }, ...extra });
  let bridge: FakeCacheBridge;
  let errors: unknown[];
  let layers: ActionLayers;

  beforeEach(() => {
    bridge = new FakeCacheBridge();
    errors = [];
    layers = new ActionLayers(bridge, (error) => errors.push(error));
  });

  it('shows one layer per waiting action, in queue order', () => {
    layers.sync([action('a1', 'p1', 1), action('a2', 'p1', 2)], handlers);
    expect(bridge.read('products:detail-p1')).toEqual({ stock: 2 });
    expect(bridge.log).toEqual(['optimistic#1', 'optimistic#2']);
  });

  it('shows nothing again for actions it already shows', () => {
    const queue = [action('a1', 'p1', 1)];
    layers.sync(queue, handlers);
    layers.sync(queue, handlers);
    expect(bridge.log).toEqual(['optimistic#1']);
  });

  it('commits the layer of an action that left the queue and rolls back the layer of one that failed', () => {
    layers.sync([action('a1', 'p1', 1), action('a2', 'p2', 2)], handlers);
    layers.sync([action('a2', 'p2', 2, { status: 'failed' })], handlers);
    expect(bridge.log).toEqual(['optimistic#1', 'optimistic#2', 'commit#1', 'rollback#2']);
  });

  it('rebuilds the layers from the first rewritten payload on, keeping queue order', () => {
    layers.sync([action('a1', 'p9', 1), action('a2', 'tmp-1', 2), action('a3', 'p9', 3)], handlers);
    bridge.log.length = 0;
    layers.sync([action('a1', 'p9', 1), action('a2', 17, 2), action('a3', 'p9', 3)], handlers);
    expect(bridge.log).toEqual(['rollback#3', 'rollback#2', 'optimistic#4', 'optimistic#5']);
    expect(bridge.read('products:detail-17')).toEqual({ stock: 2 });
    expect(bridge.read('products:detail-p9')).toEqual({ stock: 3 });
  });

  it('prefers a per-call change and keeps it when rebuilding an unchanged action', () => {
    const banner: OptimisticChange = [{ key: 'banner', update: () => 'saving' }];
    layers.sync([action('a1', 'tmp-1', 1), action('a2', 'p2', 2)], handlers, new Map([['a2', banner]]));
    layers.sync([action('a1', 5, 1), action('a2', 'p2', 2)], handlers);
    expect(bridge.read('banner')).toBe('saving');
    expect(bridge.read('products:detail-p2')).toBeUndefined();
  });

  it('waits for the handler of an unknown type, then shows its layer', () => {
    const queue = [storedAction('a1', 'alice', { type: 'later/op', payload: {} })];
    layers.sync(queue, handlers);
    expect(bridge.log).toEqual([]);
    layers.sync(queue, new Map([['later/op', { execute: async () => undefined, optimistic: () => [{ key: 'k', update: () => 1 }] }]]));
    expect(bridge.read('k')).toBe(1);
  });

  it('rolls every layer back, newest first', () => {
    layers.sync([action('a1', 'p1', 1), action('a2', 'p2', 2)], handlers);
    layers.rollbackAll();
    expect(bridge.log.slice(2)).toEqual(['rollback#2', 'rollback#1']);
    expect(bridge.liveLayers).toBe(0);
  });

  it('reports a throwing optimistic() or cache instead of throwing', () => {
    const broken = new Map<string, OfflineActionHandler>([
      [
        'stock/update',
        {
          execute: async () => undefined,
          optimistic: () => {
            throw new Error('bad handler');
          },
        },
      ],
    ]);
    layers.sync([action('a1', 'p1', 1)], broken);
    bridge.onOptimistic = () => {
      throw new Error('cache down');
    };
    layers.sync([action('a2', 'p1', 1)], handlers);
    expect(errors.map((e) => (e as Error).message)).toEqual(['bad handler', 'cache down']);
  });
});
