import { TestBed } from '@angular/core/testing';
import { provideCacheHub } from 'ngx-cache-hub';
import { CacheHubDevtoolsComponent } from './cache-hub-devtools.component';
import { provideCacheHubDevtools } from './provide-cache-hub-devtools';

describe('DevtoolsEventsComponent', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    TestBed.resetTestingModule();
    jest.useRealTimers();
  });

  it('says its source is missing without a real-time client (only provideCacheHub()), as the Connection and Offline tabs do', async () => {
    TestBed.configureTestingModule({ providers: [provideCacheHub(), provideCacheHubDevtools({ refreshMs: 50 })] });
    const fixture = TestBed.createComponent(CacheHubDevtoolsComponent);
    fixture.componentRef.setInput('open', true);
    fixture.detectChanges();
    await jest.advanceTimersByTimeAsync(50);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    (element.querySelector('[data-testid="devtools-tab-events"]') as HTMLElement).click();
    fixture.detectChanges();
    const text = element.querySelector('[data-testid="devtools-panel"]')!.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('No real-time connection (add withRealtime())');
    expect(text).not.toContain('no frame received yet');
    expect(element.querySelector('[data-testid="devtools-frame-count"]')).toBeNull();
  });
});
