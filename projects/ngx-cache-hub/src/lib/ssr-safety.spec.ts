/**
 * @jest-environment node
 */
describe('importing the library', () => {
  it('touches no browser global, so it can run on the server', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const api = await import('../public-api');
    const hub = new api.CacheHub();
    hub.set('a:1', 1);
    expect(hub.getValue('a:1')).toBe(1);
    hub.destroy();
  });

  it('loads the realtime and offline entry points on the server too', async () => {
    const realtime = await import('ngx-cache-hub/realtime');
    const offline = await import('ngx-cache-hub/offline');
    expect(typeof realtime.withRealtime).toBe('function');
    expect(offline.defaultQueueStorage()).toBeInstanceOf(offline.MemoryQueueStorage);
  });
});
