import { ApplicationRef, PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Observable, of, Subject } from 'rxjs';
import { provideCacheHub, withEntity, ɵCacheHubRoot as CacheHubRoot, type CacheHubFeature } from 'ngx-cache-hub';
import { MemoryQueueStorage, SingleTabCoordinator } from 'ngx-cache-hub/core';
import { OfflineSyncService, withOfflineSync } from 'ngx-cache-hub/offline';
import { withBatching, withRealtime, type RealtimeTransport } from 'ngx-cache-hub/realtime';
import { CacheHubDevtoolsComponent } from './cache-hub-devtools.component';
import type { CacheHubDevtoolsOptions } from './devtools-options';
import { provideCacheHubDevtools } from './provide-cache-hub-devtools';

const REFRESH_MS = 50;
/** One refresh of the inspector, then change detection. */
async function refresh(fixture: { detectChanges(): void }) {
  await jest.advanceTimersByTimeAsync(REFRESH_MS);
  fixture.detectChanges();
}

/** A transport that never opens: enough to have a client, no connection. */
const quietTransport: RealtimeTransport = { duplex: true, connect: () => new Subject<unknown>(), send: () => undefined };

describe('CacheHubDevtoolsComponent', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  const byTestId = (root: Element, id: string) => [...root.querySelectorAll(`[data-testid="${id}"]`)] as HTMLElement[];

  async function render(
    platform = 'browser',
    { transport = quietTransport, options = {}, offline = [] }: { transport?: RealtimeTransport; options?: CacheHubDevtoolsOptions; offline?: CacheHubFeature[] } = {},
  ) {
    TestBed.configureTestingModule({
      providers: [
        { provide: PLATFORM_ID, useValue: platform },
        provideCacheHub({ retry: 0, staleTime: 60_000 }, withEntity('products'), withRealtime({ transport, url: '/ws' }), withBatching(), ...offline),
        provideCacheHubDevtools({ refreshMs: REFRESH_MS, ...options }),
      ],
    });
    const fixture = TestBed.createComponent(CacheHubDevtoolsComponent);
    fixture.detectChanges();
    return { fixture, hub: TestBed.inject(CacheHubRoot), element: fixture.nativeElement as HTMLElement };
  }

  it('shows only its toggle until opened, then the entries with their state, and never observes them', async () => {
    const { fixture, hub, element } = await render();
    hub.set('products:detail-1', { id: 1, version: 4 });
    expect(byTestId(element, 'devtools-panel')).toHaveLength(0);
    byTestId(element, 'devtools-toggle')[0].click();
    await refresh(fixture);
    const rows = byTestId(element, 'devtools-entry');
    expect(rows.map((row) => [row.dataset['key'], row.dataset['version'], row.dataset['state']])).toEqual([['products:detail-1', 'v4', 'fresh']]);
    expect(hub.isObserved('products:detail-1')).toBe(false);
  });

  it('opens an entry: its history, and invalidate refetches it', async () => {
    const { fixture, hub, element } = await render();
    let version = 1;
    const subscription = hub.fetch('products:detail-1', () => of({ id: 1, version: version++ })).subscribe();
    fixture.componentRef.setInput('open', true);
    await refresh(fixture);
    byTestId(element, 'devtools-entry')[0].click();
    fixture.detectChanges();
    byTestId(element, 'devtools-invalidate')[0].click();
    await refresh(fixture);
    expect(byTestId(element, 'devtools-entry')[0].dataset['version']).toBe('v2');
    expect(byTestId(element, 'devtools-history').map((row) => row.dataset['cause'])).toEqual(['fetch', 'fetch']);
    subscription.unsubscribe();
  });

  it('never renders more frame rows than maxFrameRows, nor more entry rows than maxRows, whatever arrives', async () => {
    const server = new Subject<unknown>();
    const transport: RealtimeTransport = {
      duplex: true,
      connect: (session) =>
        new Observable((subscriber) => {
          const subscription = server.subscribe(subscriber);
          session.opened();
          return () => subscription.unsubscribe();
        }),
      send: () => undefined,
    };
    const { fixture, hub, element } = await render('browser', { transport, options: { maxFrameRows: 5, maxRows: 3, initiallyOpen: true } });
    for (let i = 0; i < 10; i++) hub.set(`products:detail-${i}`, { id: i, version: 1 });
    const subscription = hub.watch('products:detail-1').subscribe();
    await refresh(fixture);
    expect(byTestId(element, 'devtools-entry')).toHaveLength(3);
    expect(byTestId(element, 'devtools-entries-more')[0].textContent?.trim()).toBe('7 more, filter to narrow');
    byTestId(element, 'devtools-tab-events')[0].click();
    let seq = 0;
    const counts: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 50; i++) server.next({ type: 'ENTITY_UPDATED', seq: ++seq, data: { entityType: 'products', entityId: String(i % 10), changes: {}, version: seq + 1 } });
      await refresh(fixture);
      expect(byTestId(element, 'devtools-frame').length).toBeLessThanOrEqual(5);
      counts.push(Number(/Events (\d+)/.exec(byTestId(element, 'devtools-tab-events')[0].textContent ?? '')?.[1]));
    }
    expect(byTestId(element, 'devtools-frame').map((row) => row.dataset['version'])).toEqual(['501', '500', '499', '498', '497']);
    expect(byTestId(element, 'devtools-frame-count')[0].textContent?.trim()).toBe('frames: 500 received, newest 5 shown');
    expect(counts).toEqual([50, 100, 150, 200, 250, 300, 350, 400, 450, 500]);
    subscription.unsubscribe();
  });

  it('lists at most 100 offline actions per user, and counts them all in the heading', async () => {
    const offline = withOfflineSync({
      storage: new MemoryQueueStorage(),
      coordinator: new SingleTabCoordinator(),
      handlers: { rename: { execute: () => new Promise(() => undefined) } },
    });
    window.dispatchEvent(new Event('offline'));
    try {
      const { fixture, element } = await render('browser', { offline: [offline], options: { initiallyOpen: true } });
      const sync = TestBed.inject(OfflineSyncService);
      for (let i = 0; i < 130; i++) await sync.enqueue({ type: 'rename', payload: { id: i } });
      byTestId(element, 'devtools-tab-offline')[0].click();
      await refresh(fixture);
      expect(byTestId(element, 'devtools-action')).toHaveLength(100);
      expect(element.querySelector('[data-testid="devtools-panel"] h4')?.textContent).toMatch(/: 130 pending, 0 in flight, 0 failed/);
    } finally {
      window.dispatchEvent(new Event('online'));
    }
  });

  it('renders nothing on the server', async () => {
    const { element } = await render('server');
    expect(element.innerHTML.replace(/<!--.*?-->/g, '').trim()).toBe('');
  });

  it('is mounted on document.body by provideCacheHubDevtools, and removed with the app', async () => {
    await render();
    await jest.advanceTimersByTimeAsync(REFRESH_MS);
    TestBed.inject(ApplicationRef).tick();
    expect(document.body.querySelectorAll('cache-hub-devtools [data-testid="devtools-toggle"]').length).toBeGreaterThanOrEqual(1);
    TestBed.resetTestingModule();
    expect(document.body.querySelectorAll('body > cache-hub-devtools')).toHaveLength(0);
  });
});
