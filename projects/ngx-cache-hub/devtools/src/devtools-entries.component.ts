import { ChangeDetectionStrategy, Component, computed, input, model, signal } from '@angular/core';
import type { CacheInspector } from './model/cache-inspector';
import type { InspectorState } from './model/inspector-state';
import { DEVTOOLS_STYLES } from './devtools-styles';
import { formatAge, formatSize, formatValue } from './format';

/** The entries tab: a filterable table, invalidation by pattern, and the opened entry's value and history. */
@Component({
  selector: 'cache-hub-devtools-entries',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles:
    DEVTOOLS_STYLES +
    `:host { height: 100%; } .nch-layout { display: flex; flex-direction: column; height: 100%; } .nch-scroll { flex: 0 1 auto; max-height: 55%; min-height: 40px; } .nch-detail { flex: 1 1 auto; min-height: 0; border-top: 1px solid #2c2f36; overflow: auto; }`,
  template: `
    <div class="nch-layout">
      <div class="nch-bar">
        <input data-testid="devtools-filter" placeholder="filter: text, *glob, /regexp/" [value]="state().filter" (input)="inspector().setFilter(asText($event))" />
        <input #pattern data-testid="devtools-pattern" placeholder="invalidate: key, *glob, /regexp/" />
        <button data-testid="devtools-invalidate-pattern" (click)="invalidated.set(inspector().invalidate(pattern.value))">Invalidate</button>
        @if (invalidated() !== null) {
          <span class="nch-muted" data-testid="devtools-invalidated">{{ invalidated() }} matched</span>
        }
        <span [class]="state().filterInvalid ? 'nch-error' : 'nch-muted'">{{
          state().filterInvalid ? 'invalid pattern' : state().matchingCount + ' of ' + state().entryCount + ' entries'
        }}</span>
      </div>
      <div class="nch-scroll">
        <table>
          <thead>
            <tr>
              <th>key</th>
              <th>state</th>
              <th>obs</th>
              <th>age</th>
              <th>version</th>
              <th>size</th>
            </tr>
          </thead>
          <tbody>
            @for (row of state().entries; track row.key) {
              <tr
                class="nch-row"
                data-testid="devtools-entry"
                [attr.data-key]="row.key"
                [attr.data-version]="row.version"
                [attr.data-state]="row.state"
                [class.nch-selected]="row.key === selected()"
                (click)="selected.set(row.key)"
              >
                <td>{{ row.key }}{{ row.layered ? ' ◆' : '' }}</td>
                <td [class]="'nch-' + row.state">{{ row.state }}</td>
                <td>{{ row.observers }}</td>
                <td>{{ age(row.ageMs) }}</td>
                <td>{{ row.version }}</td>
                <td>{{ size(row.size) }}</td>
              </tr>
            }
            @if (state().matchingCount > state().entries.length) {
              <tr data-testid="devtools-entries-more">
                <td class="nch-muted" colspan="6">{{ state().matchingCount - state().entries.length }} more, filter to narrow</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      @if (detail(); as d) {
        <div class="nch-detail" data-testid="devtools-detail" [attr.data-key]="d.snapshot.key">
          <div class="nch-bar">
            <strong>{{ d.snapshot.key }}</strong>
            <button data-testid="devtools-invalidate" (click)="inspector().invalidate(d.snapshot.key)">Invalidate</button>
            <button data-testid="devtools-refetch" [disabled]="!d.snapshot.refetchable" (click)="inspector().refetch(d.snapshot.key)">Refetch</button>
            <button (click)="selected.set(null)">Close</button>
            <span class="nch-muted">{{ d.snapshot.observers }} observers{{ d.snapshot.value !== d.snapshot.base ? ' · optimistic layer shown' : '' }}</span>
          </div>
          <h4>history (newest first)</h4>
          <table>
            <tbody>
              @for (record of d.history; track $index) {
                <tr data-testid="devtools-history" [attr.data-cause]="record.cause">
                  <td class="nch-muted">{{ age(state().at - record.at) }} ago</td>
                  <td>{{ record.cause }}</td>
                  <td>{{ record.changed.length ? changes(record.changed) : record.cause === 'layer' ? '' : 'no entity changed' }}</td>
                  <td class="nch-muted">{{ record.frames.length ? 'frames #' + record.frames.join(', #') : '' }}</td>
                </tr>
              } @empty {
                <tr>
                  <td class="nch-muted">no change recorded since the devtools started</td>
                </tr>
              }
            </tbody>
          </table>
          <h4>value</h4>
          <pre data-testid="devtools-value">{{ value(d.snapshot.value) }}</pre>
        </div>
      }
    </div>
  `,
})
export class DevtoolsEntriesComponent {
  /** The state to show. */
  readonly state = input.required<InspectorState>();
  /** The model the actions go to. */
  readonly inspector = input.required<CacheInspector>();
  /** The key of the opened entry (two-way, so it survives switching tabs). */
  readonly selected = model<string | null>(null);
  protected readonly invalidated = signal<number | null>(null);
  /** Re-read whenever a new state arrives. */
  protected readonly detail = computed(() => {
    this.state();
    const key = this.selected();
    return key === null ? undefined : this.inspector().detail(key);
  });
  protected readonly age = formatAge;
  protected readonly size = formatSize;
  protected readonly value = formatValue;

  protected asText(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected changes(changed: readonly { id: string; version: number | undefined; change: string }[]): string {
    const shown = changed
      .slice(0, 4)
      .map((entity) => `${entity.change === 'changed' ? '' : entity.change + ' '}${entity.id}${entity.version === undefined ? '' : ' v' + entity.version}`);
    return changed.length > 4 ? `${shown.join(', ')} +${changed.length - 4}` : shown.join(', ');
  }
}
