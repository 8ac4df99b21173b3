import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { InspectorState } from './model/inspector-state';
import { DEVTOOLS_STYLES } from './devtools-styles';
import { formatAge } from './format';

/** The connection tab: status, transport, followed types with their stream position, and the batcher. */
@Component({
  selector: 'cache-hub-devtools-connection',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: DEVTOOLS_STYLES,
  template: `
    @if (state().connection; as c) {
      <table data-testid="devtools-connection" [attr.data-status]="c.status">
        <tbody>
          <tr>
            <th>status</th>
            <td [class]="'nch-' + c.status">
              {{ c.status }} <span class="nch-muted">for {{ age(state().at - c.since) }}</span>
            </td>
          </tr>
          <tr>
            <th>transport</th>
            <td>{{ c.transport ?? '—' }}</td>
          </tr>
          <tr>
            <th>reconnect attempts</th>
            <td>{{ c.reconnects }}</td>
          </tr>
          <tr>
            <th>last entity event</th>
            <td>{{ c.lastFrameAt === null ? 'none yet' : age(state().at - c.lastFrameAt) + ' ago' }}</td>
          </tr>
          <tr>
            <th>heartbeat</th>
            <td>{{ c.heartbeatTimeoutMs === undefined ? '—' : 'a connection silent for ' + age(c.heartbeatTimeoutMs) + ' is replaced' }}</td>
          </tr>
          <tr>
            <th>duplicates dropped</th>
            <td>{{ c.duplicatesDropped }}</td>
          </tr>
        </tbody>
      </table>
      <h4>followed types</h4>
      <table>
        <thead>
          <tr>
            <th>type</th>
            <th>live</th>
            <th>epoch</th>
            <th>seq</th>
          </tr>
        </thead>
        <tbody>
          @for (type of c.followed; track type.type) {
            <tr data-testid="devtools-followed" [attr.data-type]="type.type">
              <td>{{ type.type }}</td>
              <td [class]="'nch-' + (type.live ? 'applied' : 'stale')">{{ type.live ? 'live' : 'not live' }}</td>
              <td>{{ type.epoch ?? '—' }}</td>
              <td>{{ type.seq ?? '—' }}</td>
            </tr>
          } @empty {
            <tr>
              <td class="nch-muted" colspan="4">nothing observed: no type followed</td>
            </tr>
          }
        </tbody>
      </table>
    } @else {
      <p class="nch-muted">No real-time connection (add withRealtime()).</p>
    }
    @if (state().batcher; as b) {
      <h4>batcher</h4>
      <table data-testid="devtools-batcher">
        <tbody>
          <tr>
            <th>frames in</th>
            <td>{{ b.stats.framesIn }}</td>
            <th>flushes</th>
            <td>{{ b.stats.flushes }}</td>
            <th>pending</th>
            <td>{{ b.stats.pending }}</td>
          </tr>
          <tr>
            <th>coalesced</th>
            <td>{{ b.stats.coalesced }}</td>
            <th>cancelled</th>
            <td>{{ b.stats.cancelled }}</td>
            <th>applied</th>
            <td>{{ b.stats.applied }}</td>
          </tr>
          <tr>
            <th>entries changed</th>
            <td>{{ b.stats.entriesChanged }}</td>
            <th>notifications</th>
            <td>{{ b.stats.notificationsOut }}</td>
            <th>list invalidations</th>
            <td>{{ b.stats.listInvalidations }}</td>
          </tr>
        </tbody>
      </table>
      <h4>last flushes</h4>
      <table>
        <thead>
          <tr>
            <th>when</th>
            <th>flushes</th>
            <th>frames</th>
            <th>applied</th>
            <th>coalesced</th>
            <th>entries changed</th>
            <th>keys</th>
          </tr>
        </thead>
        <tbody>
          @for (flush of b.flushes; track flush.at + '-' + $index) {
            <tr>
              <td class="nch-muted">{{ age(state().at - flush.at) }} ago</td>
              <td>{{ flush.flushes }}</td>
              <td>{{ flush.framesIn }}</td>
              <td>{{ flush.applied }}</td>
              <td>{{ flush.coalesced }}</td>
              <td>{{ flush.entriesChanged }}</td>
              <td class="nch-muted">{{ flush.keys.slice(0, 3).join(', ') }}</td>
            </tr>
          } @empty {
            <tr>
              <td class="nch-muted" colspan="7">no flush yet</td>
            </tr>
          }
        </tbody>
      </table>
    }
  `,
})
export class DevtoolsConnectionComponent {
  /** The state to show. */
  readonly state = input.required<InspectorState>();
  protected readonly age = formatAge;
}
