import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';
import { ProductsService } from '../data/products.service';

const COLORS = { Live: '#0e9f6e', Loading: '#d97706', Connecting: '#d97706', Offline: '#b42318' } as const;

/**
 * Live / Loading / Connecting / Offline: Live only while connected with the products loaded (never
 * over an empty or failed table); Offline once a live connection was lost and is not back.
 */
@Component({
  selector: 'app-connection-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="pill" data-testid="connection" [style.background]="color()" style="color: white">{{ label() }}</span>`,
})
export class ConnectionBadgeComponent {
  private readonly status = inject(RealtimeCacheService).connectionStatus;
  private readonly products = toSignal(inject(ProductsService).list$());
  private everConnected = false;
  readonly label = computed(() => {
    const status = this.status();
    if (status === 'connected') this.everConnected = true;
    if (status === 'connected') return this.products()?.hasValue ? 'Live' : 'Loading';
    return status === 'offline' || this.everConnected ? 'Offline' : 'Connecting';
  });
  readonly color = computed(() => COLORS[this.label()]);
}
