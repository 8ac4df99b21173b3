import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';

const COLORS = { Live: '#0e9f6e', Connecting: '#d97706', Offline: '#b42318' } as const;

/** Live / Connecting / Offline: Offline once a live connection was lost and is not back. */
@Component({
  selector: 'app-connection-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="pill" data-testid="connection" [style.background]="color()" style="color: white">{{ label() }}</span>`,
})
export class ConnectionBadgeComponent {
  private readonly status = inject(RealtimeCacheService).connectionStatus;
  private everConnected = false;
  readonly label = computed(() => {
    const status = this.status();
    if (status === 'connected') this.everConnected = true;
    return status === 'connected' ? 'Live' : status === 'offline' || this.everConnected ? 'Offline' : 'Connecting';
  });
  readonly color = computed(() => COLORS[this.label()]);
}
