import { ApplicationRef, PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { of, Subject } from 'rxjs';
import { provideCacheHub, withEntity, ɵCacheHubRoot as CacheHubRoot } from 'ngx-cache-hub';
import { withBatching, withRealtime, type RealtimeTransport } from 'ngx-cache-hub/realtime';
import { CacheHubDevtoolsComponent } from './cache-hub-devtools.component';
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

  async function render(platform = 'browser') {
    TestBed.configureTestingModule({
      providers: [
        { provide: PLATFORM_ID, useValue: platform },
        provideCacheHub({ retry: 0, staleTime: 60_000 }, withEntity('products'), withRealtime({ transport: quietTransport, url: '/ws' }), withBatching()),
        provideCacheHubDevtools({ refreshMs: REFRESH_MS }),
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
