import { isPlatformBrowser } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, model, PLATFORM_ID, signal } from '@angular/core';
import { CACHE_HUB_DEVTOOLS_OPTIONS } from './devtools-options';
import { DevtoolsConnectionComponent } from './devtools-connection.component';
import { DevtoolsEntriesComponent } from './devtools-entries.component';
import { DevtoolsEventsComponent } from './devtools-events.component';
import { DevtoolsOfflineComponent } from './devtools-offline.component';
import { DEVTOOLS_STYLES } from './devtools-styles';
import { injectCacheInspector } from './inject-cache-inspector';
import type { InspectorState } from './model/inspector-state';

type Tab = 'entries' | 'events' | 'connection' | 'offline';

/**
 * The cache's devtools: a toggle button and, when open, a panel showing live what the cache
 * holds and why it changed, the event stream, the connection and batcher, and the offline queue,
 * with actions (invalidate, refetch, retry, discard, simulate offline). Renders nothing on the
 * server. Observes no entry, so it never keeps one alive; while closed it only records changes.
 *
 * @example
 * // in a template, behind your own flag:
 * // @if (showDevtools) { <cache-hub-devtools [open]="true" /> }
 */
@Component({
  selector: 'cache-hub-devtools',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DevtoolsEntriesComponent, DevtoolsEventsComponent, DevtoolsConnectionComponent, DevtoolsOfflineComponent],
  host: { '[class]': "'nch-' + position()" },
  styles:
    DEVTOOLS_STYLES +
    `
    :host { position: fixed; z-index: 2147483000; }
    :host(.nch-bottom-right) { right: 12px; bottom: 12px; } :host(.nch-bottom-left) { left: 12px; bottom: 12px; }
    :host(.nch-top-right) { right: 12px; top: 12px; } :host(.nch-top-left) { left: 12px; top: 12px; }
    .nch-toggle { background: #1b1d22; border-color: #58a6ff; padding: 4px 10px; box-shadow: 0 2px 8px #0008; }
    .nch-panel { width: min(860px, calc(100vw - 24px)); height: min(480px, calc(100vh - 60px)); background: #1b1d22; border: 1px solid #454a55; border-radius: 6px;
      box-shadow: 0 6px 24px #000a; display: grid; grid-template-rows: auto minmax(0, 1fr); margin-bottom: 6px; contain: strict; }
    header { display: flex; gap: 4px; align-items: center; padding: 4px 6px; border-bottom: 1px solid #2c2f36; }
    header .nch-tab[aria-selected='true'] { background: #0d419d; border-color: #58a6ff; }
    header .nch-grow { flex: 1; }
    .nch-body { overflow: auto; padding: 4px 6px; }
  `,
  template: `
    @if (browser) {
      @if (open() && state(); as s) {
        <section class="nch-panel" data-testid="devtools-panel" role="dialog" aria-label="ngx-cache-hub devtools">
          <header>
            @for (t of tabs; track t) {
              <button class="nch-tab" role="tab" [attr.data-testid]="'devtools-tab-' + t" [attr.aria-selected]="tab() === t" (click)="tab.set(t)">{{ label(t, s) }}</button>
            }
            <span class="nch-grow"></span>
            @if (s.canSimulateOffline) {
              <button data-testid="devtools-simulate-offline" [attr.aria-pressed]="s.simulatedOffline" (click)="inspector!.simulateOffline(!s.simulatedOffline)">
                {{ s.simulatedOffline ? 'Back online' : 'Simulate offline' }}
              </button>
            }
            <button aria-label="Close the devtools" (click)="open.set(false)">×</button>
          </header>
          <div class="nch-body">
            @switch (tab()) {
              @case ('entries') {
                <cache-hub-devtools-entries [state]="s" [inspector]="inspector!" [(selected)]="selected" />
              }
              @case ('events') {
                <cache-hub-devtools-events [state]="s" />
              }
              @case ('connection') {
                <cache-hub-devtools-connection [state]="s" />
              }
              @case ('offline') {
                <cache-hub-devtools-offline [state]="s" [inspector]="inspector!" />
              }
            }
          </div>
        </section>
      }
      <button class="nch-toggle" data-testid="devtools-toggle" [attr.aria-expanded]="open()" (click)="open.set(!open())">
        {{ open() ? 'Hide cache devtools' : 'Cache devtools' }}
      </button>
    }
  `,
})
export class CacheHubDevtoolsComponent {
  readonly #options = inject(CACHE_HUB_DEVTOOLS_OPTIONS, { optional: true }) ?? {};
  /** Whether the panel is open (two-way: `[(open)]`). Default: the options' `initiallyOpen`, else false. */
  readonly open = model(this.#options.initiallyOpen ?? false);
  /** The corner it sits in. Default: the options' `position`, else `'bottom-right'`. */
  readonly position = input(this.#options.position ?? 'bottom-right');
  protected readonly browser = isPlatformBrowser(inject(PLATFORM_ID));
  protected readonly inspector = this.browser ? injectCacheInspector(this.#options) : undefined;
  protected readonly state = signal<InspectorState | null>(null);
  protected readonly tab = signal<Tab>('entries');
  protected readonly selected = signal<string | null>(null);
  protected readonly tabs: readonly Tab[] = ['entries', 'events', 'connection', 'offline'];

  constructor() {
    // Only an open panel takes the inspector's refreshes.
    effect((onCleanup) => {
      if (!this.open() || !this.inspector) return;
      const stop = this.inspector.subscribe((state) => this.state.set(state));
      onCleanup(stop);
    });
  }

  protected label(tab: Tab, state: InspectorState): string {
    switch (tab) {
      case 'entries':
        return `Entries ${state.entryCount}`;
      case 'events':
        return `Events ${state.frameCount}${state.errors.length ? ` · ${state.errors.length} errors` : ''}`;
      case 'connection':
        return `Connection${state.connection ? ` · ${state.connection.status}` : ''}`;
      case 'offline': {
        const users = state.offline?.users ?? [];
        return `Offline ${users.reduce((sum, user) => sum + user.pending.length + user.inFlight.length, 0)}${users.some((user) => user.failed.length) ? ' · failed' : ''}`;
      }
    }
  }
}
