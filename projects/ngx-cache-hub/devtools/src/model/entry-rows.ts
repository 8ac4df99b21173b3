import type { EntrySnapshot, KeyPattern } from 'ngx-cache-hub/core';
import { detailVersionOf } from './changed-entities';
import type { EntryHistory } from './entry-history';
import type { EntryRow } from './inspector-state';
import { matchesKey } from './key-filter';
import { ɵnamespaceOf as namespaceOf } from 'ngx-cache-hub/core';
import { valueSize } from './value-size';

/** The state an entry is in, as the table shows it. */
function entryStateOf(snapshot: EntrySnapshot): EntryRow['state'] {
  if (snapshot.isFetching) return 'fetching';
  if (snapshot.error !== null && snapshot.error !== undefined) return 'error';
  if (!snapshot.hasValue) return 'empty';
  return snapshot.isStale ? 'stale' : 'fresh';
}

/** The rows of the entries that match `filter`, at most `limit`, most recently used first. */
export function entryRows(
  snapshots: readonly EntrySnapshot[],
  filter: KeyPattern | undefined,
  history: EntryHistory,
  now: number,
  limit: number,
): { rows: EntryRow[]; matching: number } {
  const rows: EntryRow[] = [];
  let matching = 0;
  for (let i = snapshots.length - 1; i >= 0; i--) {
    const snapshot = snapshots[i];
    if (filter !== undefined && !matchesKey(filter, snapshot.key)) continue;
    matching++;
    if (rows.length >= limit) continue;
    rows.push({
      key: snapshot.key,
      namespace: namespaceOf(snapshot.key),
      state: entryStateOf(snapshot),
      observers: snapshot.observers,
      ageMs: snapshot.updatedAt === null ? null : now - snapshot.updatedAt,
      version: versionLabel(snapshot, history),
      size: valueSize(snapshot.value),
      layered: snapshot.value !== snapshot.base,
      refetchable: snapshot.refetchable,
    });
  }
  return { rows, matching };
}

function versionLabel(snapshot: EntrySnapshot, history: EntryHistory): string {
  const version = detailVersionOf(snapshot.base);
  if (version !== undefined) return `v${version}`;
  for (const record of history.of(snapshot.key)) {
    const entity = record.changed.find((candidate) => candidate.change !== 'removed' && candidate.version !== undefined);
    if (entity) return `${entity.id} v${entity.version}`;
  }
  return '';
}
