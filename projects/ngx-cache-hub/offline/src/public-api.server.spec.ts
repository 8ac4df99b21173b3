/**
 * @jest-environment node
 */
import type * as OfflineEntry from './public-api';

/** The offline entry point on the server (SSR): plain Node, where `BroadcastChannel` exists but no page does. */
describe('the offline entry point on the server', () => {
  const BROWSER_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'locks'];

  it('touches no browser global when imported (Angular and RxJS loaded first: they are not ours)', () => {
    const touched: string[] = [];
    jest.isolateModules(() => {
      require('@angular/core');
      require('@angular/common');
      require('@angular/core/rxjs-interop');
      require('rxjs');
      for (const name of BROWSER_GLOBALS) {
        Object.defineProperty(globalThis, name, { configurable: true, get: () => void touched.push(name) });
      }
      try {
        require('./public-api');
      } finally {
        for (const name of BROWSER_GLOBALS) delete (globalThis as Record<string, unknown>)[name];
      }
    });
    expect(touched).toEqual([]);
  });

  it('defaults to memory storage and a single tab, ignoring Node’s own BroadcastChannel', () => {
    expect(typeof BroadcastChannel).toBe('function');
    const offline = require('./public-api') as typeof OfflineEntry;
    expect(offline.defaultQueueStorage()).toBeInstanceOf(offline.MemoryQueueStorage);
    expect(offline.defaultTabCoordinator()).toBeInstanceOf(offline.SingleTabCoordinator);
  });

  it('queues and replays with its defaults, leaving nothing running after destroy', async () => {
    jest.useFakeTimers();
    try {
      const { OfflineQueue } = require('./public-api') as typeof OfflineEntry;
      const sent: unknown[] = [];
      const queue = new OfflineQueue({
        bridge: { optimistic: () => ({ id: 1, commit: () => undefined, rollback: () => undefined }), remapEntityId: () => undefined },
        scope: () => 'alice',
        handlers: { 'stock/update': { execute: async (payload) => void sent.push(payload) } },
      });
      await queue.enqueue({ type: 'stock/update', payload: { sku: 'p1' } });
      await jest.advanceTimersByTimeAsync(0);
      expect(sent).toEqual([{ sku: 'p1' }]);
      queue.destroy();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
