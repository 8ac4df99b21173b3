import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { FrameOutcome, InspectorState } from './model/inspector-state';
import { DEVTOOLS_STYLES } from './devtools-styles';
import { formatAge } from './format';

const OUTCOMES: readonly FrameOutcome[] = ['applied', 'coalesced', 'buffered', 'stale', 'unchanged', 'invalidated', 'dropped'];

/** The events tab: the newest received frames (at most `maxFrameRows`) with what became of them, and the errors heard; without a real-time client it says so. */
@Component({
  selector: 'cache-hub-devtools-events',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: DEVTOOLS_STYLES,
  template: `
    @if (state().errors.length) {
      <h4>errors</h4>
      <table data-testid="devtools-errors">
        <tbody>
          @for (error of state().errors.slice(0, 20); track $index) {
            <tr>
              <td class="nch-muted">{{ age(state().at - error.at) }} ago</td>
              <td class="nch-error">NCH{{ error.code }}</td>
              <td>{{ error.message }}</td>
            </tr>
          }
        </tbody>
      </table>
    }
    @if (state().connection; as connection) {
      <div class="nch-bar">
        @for (outcome of outcomes; track outcome) {
          <span [class]="'nch-' + outcome">{{ outcome }} {{ state().outcomes[outcome] }}</span>
        }
        <span class="nch-muted">· duplicates dropped {{ connection.duplicatesDropped }}</span>
      </div>
      <h4 data-testid="devtools-frame-count">frames: {{ state().frameCount }} received, newest {{ state().frames.length }} shown</h4>
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>when</th>
            <th>type</th>
            <th>entity</th>
            <th>version</th>
            <th>epoch:seq</th>
            <th>outcome</th>
            <th>why / entries</th>
          </tr>
        </thead>
        <tbody>
          @for (frame of state().frames; track frame.id) {
            <tr data-testid="devtools-frame" [attr.data-outcome]="frame.outcome" [attr.data-entity]="frame.entityId" [attr.data-version]="frame.version">
              <td class="nch-muted">{{ frame.id }}</td>
              <td class="nch-muted">{{ age(state().at - frame.at) }}</td>
              <td>{{ frame.type }}</td>
              <td>{{ frame.entityType }}{{ frame.entityId === undefined ? '' : '/' + frame.entityId }}</td>
              <td>{{ frame.version ?? '' }}</td>
              <td class="nch-muted">{{ frame.seq === undefined ? '' : (frame.epoch ?? '') + ':' + frame.seq }}</td>
              <td [class]="'nch-' + frame.outcome">{{ frame.outcome }}</td>
              <td class="nch-muted">{{ frame.reason ?? keys(frame.keys) }}</td>
            </tr>
          } @empty {
            <tr>
              <td class="nch-muted" colspan="8">no frame received yet</td>
            </tr>
          }
          @if (state().frameCount > state().frames.length) {
            <tr>
              <td class="nch-muted" colspan="8">{{ state().frameCount - state().frames.length }} older frames not shown</td>
            </tr>
          }
        </tbody>
      </table>
    } @else {
      <p class="nch-muted" data-testid="devtools-no-events">No real-time connection (add withRealtime()).</p>
    }
  `,
})
export class DevtoolsEventsComponent {
  /** The state to show. */
  readonly state = input.required<InspectorState>();
  protected readonly outcomes = OUTCOMES;
  protected readonly age = formatAge;

  protected keys(keys: ReadonlySet<string>): string {
    const list = [...keys];
    return list.length > 2 ? `${list.slice(0, 2).join(', ')} +${list.length - 2}` : list.join(', ');
  }
}
