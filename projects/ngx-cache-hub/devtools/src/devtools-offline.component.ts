import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { OfflineAction } from 'ngx-cache-hub/core';
import type { CacheInspector } from './model/cache-inspector';
import type { InspectorState } from './model/inspector-state';
import { DEVTOOLS_STYLES } from './devtools-styles';
import { formatAge } from './format';

/** The offline tab: each user's pending, in-flight and failed actions (counted in full, the first 100 listed), with retry and discard. */
@Component({
  selector: 'cache-hub-devtools-offline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: DEVTOOLS_STYLES,
  template: `
    @if (state().offline; as o) {
      <div class="nch-bar">
        <span [class]="'nch-' + (o.syncing ? 'fetching' : 'muted')">{{ o.syncing ? 'syncing…' : 'idle' }}</span>
        <span class="nch-muted">last synced {{ o.lastSyncedAt === null ? 'never' : age(state().at - o.lastSyncedAt) + ' ago' }}</span>
        @if (o.unsaved) {
          <span class="nch-error">{{ o.unsaved }} only in memory (storage refused them)</span>
        }
      </div>
      @for (user of o.users; track user.scope) {
        <h4>user {{ user.scope }}: {{ user.pending.length }} pending, {{ user.inFlight.length }} in flight, {{ user.failed.length }} failed</h4>
        <table>
          <thead>
            <tr>
              <th>status</th>
              <th>type</th>
              <th>payload</th>
              <th>attempts</th>
              <th>queued</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            @for (action of all(user.inFlight, user.pending, user.failed); track action.id) {
              <tr data-testid="devtools-action" [attr.data-status]="action.status" [attr.data-type]="action.type">
                <td [class]="'nch-' + (action.status === 'syncing' ? 'fetching' : action.status)">{{ action.status === 'syncing' ? 'in flight' : action.status }}</td>
                <td>{{ action.type }}</td>
                <td class="nch-muted">{{ payload(action.payload) }}</td>
                <td>{{ action.attempts }}</td>
                <td class="nch-muted">{{ age(state().at - action.createdAt) }} ago</td>
                <td>
                  @if (action.status === 'failed') {
                    <span class="nch-error">{{ action.error?.message }}</span>
                    <button data-testid="devtools-retry" (click)="inspector().retry(action.id)">Retry</button>
                    <button data-testid="devtools-discard" (click)="inspector().discard(action.id)">Discard</button>
                  }
                </td>
              </tr>
            }
          </tbody>
        </table>
      } @empty {
        <p class="nch-muted">The queue is empty.</p>
      }
    } @else {
      <p class="nch-muted">No offline queue (add withOfflineSync()).</p>
    }
  `,
})
export class DevtoolsOfflineComponent {
  /** The state to show. */
  readonly state = input.required<InspectorState>();
  /** The model the actions go to. */
  readonly inspector = input.required<CacheInspector>();
  protected readonly age = formatAge;

  /** The rows of one user: in flight, pending, then failed, at most 100 (the heading counts them all). */
  protected all(...lists: (readonly OfflineAction[])[]): OfflineAction[] {
    return lists.flat().slice(0, 100);
  }

  protected payload(payload: unknown): string {
    const text = JSON.stringify(payload) ?? '';
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  }
}
