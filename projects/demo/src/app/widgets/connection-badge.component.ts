import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { OfflineSyncService } from 'ngx-cache-hub/offline';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';
import { ProductsService } from '../data/products.service';

const COLORS = { Live: '#0e9f6e', Loading: '#d97706', Connecting: '#d97706', Offline: '#b42318', 'Server unreachable': '#b42318', 'Load failed': '#b42318' } as const;
type Label = keyof typeof COLORS;

const HINTS: Record<Label, string> = {
  Live: 'connected: changes arrive as they happen',
  Loading: 'connected, loading the data',
  Connecting: 'connecting to the server…',
  Offline: 'the connection was lost; showing the last data, edits are queued',
  'Server unreachable': 'the server cannot be reached; retrying',
  'Load failed': 'connected, but the data could not be loaded; retrying',
};

/**
 * Live / Loading / Connecting / Offline / Server unreachable / Load failed. Live only while
 * connected with the products loaded (never over an empty or failed table); Offline once a live
 * connection was lost; "Server unreachable" when the page never reached it and the load failed.
 * The number of changes waiting in the offline queue shows beside it.
 */
@Component({
  selector: 'app-connection-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="pill" data-testid="connection" [style.background]="color()" style="color: white" [attr.title]="hint()">{{ label() }}</span>
    @if (label() !== 'Live') {
      <span class="badge-hint" data-testid="connection-hint">{{ hint() }}</span>
    }
    @if (queued() > 0) {
      <span class="badge-hint" data-testid="badge-queue">· {{ queued() }} change{{ queued() === 1 ? '' : 's' }} queued</span>
    }
  `,
  host: { style: 'display: inline-flex; align-items: center; gap: 0.5rem' },
})
export class ConnectionBadgeComponent {
  private readonly status = inject(RealtimeCacheService).connectionStatus;
  private readonly products = toSignal(inject(ProductsService).list$());
  private readonly sync = inject(OfflineSyncService);
  private everConnected = false;
  readonly queued = computed(() => this.sync.pending().length);
  readonly label = computed<Label>(() => {
    const status = this.status();
    const products = this.products();
    if (status === 'connected') this.everConnected = true;
    if (status === 'connected') return products?.hasValue ? 'Live' : products?.error ? 'Load failed' : 'Loading';
    if (status === 'offline' || this.everConnected) return 'Offline';
    return products?.error && !products.hasValue ? 'Server unreachable' : 'Connecting';
  });
  readonly color = computed(() => COLORS[this.label()]);
  readonly hint = computed(() => HINTS[this.label()]);
}
