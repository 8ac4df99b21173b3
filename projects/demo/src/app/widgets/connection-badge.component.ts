import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RealtimeCacheService } from 'ngx-cache-hub';

const LABELS = { connected: 'Live', connecting: 'Connecting', disconnected: 'Connecting', offline: 'Offline' } as const;
const COLORS = { connected: '#0e9f6e', connecting: '#d97706', disconnected: '#d97706', offline: '#b42318' } as const;

/** Live / Connecting / Offline, from the real-time connection. */
@Component({
  selector: 'app-connection-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="pill" data-testid="connection" [style.background]="color()" style="color: white">{{ label() }}</span>`,
})
export class ConnectionBadgeComponent {
  private readonly status = inject(RealtimeCacheService).connectionStatus;
  readonly label = computed(() => LABELS[this.status()]);
  readonly color = computed(() => COLORS[this.status()]);
}
