import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { OfflineSyncService } from 'ngx-cache-hub/offline';

/** Offline actions waiting to sync, and the ones that failed. */
@Component({
  selector: 'app-pending-actions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Offline queue
      <span class="muted" data-testid="sync-state">{{ sync.syncing() ? 'syncing…' : sync.pending().length ? 'waiting for the connection' : 'all synced' }}</span>
    </h2>
    <div data-testid="pending-count" class="muted">{{ sync.pending().length }} pending</div>
    @if (sync.unsaved()) {
      <div class="low" data-testid="unsaved">{{ sync.unsaved() }} not saved on this device (storage is full): keep this tab open</div>
    }
    @for (action of sync.pending(); track action.id) {
      <div style="font-size: 0.8rem" data-testid="pending">{{ action.type }} {{ json(action.payload) }}</div>
    }
    @for (action of sync.failed(); track action.id) {
      <div style="font-size: 0.8rem" class="low">
        {{ action.type }} failed
        <button (click)="sync.retry(action.id)">Retry</button>
        <button (click)="sync.discard(action.id)">Discard</button>
      </div>
    }
  `,
})
export class PendingActionsComponent {
  readonly sync = inject(OfflineSyncService);
  readonly json = (value: unknown) => JSON.stringify(value);
}
