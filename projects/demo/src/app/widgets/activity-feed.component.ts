import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { EntityEvent } from 'ngx-cache-hub';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';

interface FeedItem {
  readonly id: number;
  readonly text: string;
}

/** The last real-time events, newest first. */
@Component({
  selector: 'app-activity-feed',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Live activity</h2>
    @for (item of items(); track item.id) {
      <div style="font-size: 0.8rem; font-family: monospace" data-testid="activity">{{ item.text }}</div>
    } @empty {
      <div class="muted">waiting for events…</div>
    }
  `,
})
export class ActivityFeedComponent {
  readonly items = signal<FeedItem[]>([]);
  private next = 0;

  constructor() {
    const subscription = inject(RealtimeCacheService).events$.subscribe((event) =>
      this.items.update((items) => [{ id: this.next++, text: describe(event) }, ...items].slice(0, 15)),
    );
    inject(DestroyRef).onDestroy(() => subscription.unsubscribe());
  }
}

function describe(event: EntityEvent): string {
  const { data } = event;
  switch (event.type) {
    case 'ENTITY_UPDATED':
      return `${event.data.entityType} ${event.data.entityId} v${event.data.version}: ${Object.keys(event.data.changes).join(', ')}`;
    case 'ENTITY_CREATED':
      return `${event.data.entityType} ${String(event.data.entity['id'])} created`;
    case 'ENTITY_DELETED':
      return `${event.data.entityType} ${event.data.entityId} deleted`;
    case 'BULK_UPDATE':
      return `${data.entityType}: ${event.data.updates.length} updated at once`;
  }
}
