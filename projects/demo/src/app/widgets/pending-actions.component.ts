import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { OfflineSyncService } from 'ngx-cache-hub/offline';
import { ProductsService } from '../data/products.service';

/** Offline actions waiting to sync, and the ones that failed (with Retry / Discard). */
@Component({
  selector: 'app-pending-actions',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>
      Offline queue
      <span class="muted" data-testid="sync-state">{{ sync.syncing() ? 'syncing…' : sync.pending().length ? 'waiting for the connection' : 'all synced' }}</span>
      <span class="muted" data-testid="pending-count">· {{ sync.pending().length }} pending</span>
    </h2>
    @if (sync.unsaved()) {
      <div class="low" data-testid="unsaved">{{ sync.unsaved() }} not saved on this device (storage is full): keep this tab open</div>
    }
    @for (action of sync.pending(); track action.id) {
      <div class="queue-item" data-testid="pending">{{ describe(action.type, action.payload) }}</div>
    }
    @for (action of sync.failed(); track action.id) {
      <div class="queue-item low">
        {{ describe(action.type, action.payload) }} failed
        <button (click)="sync.retry(action.id)">Retry</button>
        <button (click)="sync.discard(action.id)">Discard</button>
      </div>
    }
  `,
})
export class PendingActionsComponent {
  readonly sync = inject(OfflineSyncService);
  /** The names the server last sent (the row shows the queued name already). */
  private readonly products = inject(ProductsService);

  describe(type: string, payload: unknown): string {
    if (type === 'product.rename') {
      const { id, name } = payload as { id: string; name: string };
      const before = this.products.serverProduct(id)?.name;
      return before && before !== name ? `Rename “${before}” to “${name}”` : `Rename product ${id} to “${name}”`;
    }
    return `${type} ${JSON.stringify(payload)}`;
  }
}
