/** An entity a write added, changed or removed, with the version it ended at (or had, when removed). */
export interface ChangedEntity {
  readonly id: string;
  readonly version: number | undefined;
  readonly change: 'added' | 'changed' | 'removed';
}

type Item = Record<string, unknown>;

/** The items of a detail (one entity) or a list (an array, or `{ items }`); null for other values. */
function itemsOf(value: unknown): readonly unknown[] | null {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'object' || value === null) return null;
  const items = (value as { items?: unknown }).items;
  if (Array.isArray(items)) return items;
  return 'id' in value ? [value] : null;
}

function idOf(item: unknown): string | undefined {
  const id = typeof item === 'object' && item !== null ? (item as Item)['id'] : undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

function versionOf(item: unknown): number | undefined {
  const version = (item as Item)['version'];
  return typeof version === 'number' ? version : undefined;
}

/**
 * Which entities a write touched, comparing the value before and after: items are matched by `id`,
 * and an item that kept its reference or its version did not change (the entity store gives a
 * changed item a new object and keeps the others; the server raises the version of what it changes). At most `limit` results, so a refetched 10 000-row list stays cheap to describe.
 */
export function changedEntities(previous: unknown, next: unknown, limit = 50): ChangedEntity[] {
  const before = itemsOf(previous) ?? [];
  const after = itemsOf(next) ?? [];
  const old = new Map<string, unknown>();
  for (const item of before) {
    const id = idOf(item);
    if (id !== undefined) old.set(id, item);
  }
  const result: ChangedEntity[] = [];
  for (const item of after) {
    const id = idOf(item);
    if (id === undefined) continue;
    const was = old.get(id);
    old.delete(id);
    // The same object, or the same version of the entity (a refetch that brought nothing new): unchanged.
    if (was === item || (was !== undefined && versionOf(item) !== undefined && versionOf(was) === versionOf(item))) continue;
    if (result.length < limit) result.push({ id, version: versionOf(item), change: was === undefined ? 'added' : 'changed' });
  }
  for (const [id, item] of old) if (result.length < limit) result.push({ id, version: versionOf(item), change: 'removed' });
  return result;
}

/** The version an entry shows: a detail's `version`; undefined for lists and other values. */
export function detailVersionOf(value: unknown): number | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'id' in value ? versionOf(value) : undefined;
}
