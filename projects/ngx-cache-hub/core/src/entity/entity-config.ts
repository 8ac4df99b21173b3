/** An entity's id: a string or a number (stored and compared as a string). */
export type EntityId = string | number;

/** How one entity type lives in the hub; pass it to `withEntity(type, config)` or `EntityStore.register`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` defaults let typed configs stand in for the untyped registry type
export interface EntityConfig<T = any, P = any> {
  /** Property holding the id, or a function reading it. Default `'id'`. */
  id?: string | ((entity: T) => EntityId);
  /** Property holding the version, or a function reading it. Default `'version'`. */
  version?: string | ((entity: T) => number);
  /**
   * Whether an entity belongs in the list cached with these params (parsed from `list-<params>`).
   * With it, creates are inserted where it holds and updates move entities in and out of lists,
   * exactly as a refetch would. Default: every list holds every entity it was fetched with.
   */
  matches?: (entity: T, listParams: P) => boolean;
  /** Order of list items, kept on creates and on updates. Default: append, never reorder. */
  sort?: (a: T, b: T, listParams: P) => number;
  /** What a create does to the type's lists: insert where `matches` accepts it, or invalidate them. Default `'invalidate'`, or `'insert'` when `matches` is given. */
  onCreate?: 'insert' | 'invalidate';
  /**
   * The fields `matches` and `sort` read. An update that changes none of them never moves the
   * entity between lists, and an update of an entity the cache never held refetches the type's
   * lists only when it changes one of them. Default: every field may matter.
   */
  membershipFields?: readonly string[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- resolved configs hold entities and params of any registered type */
/** A config with every default filled in. */
export interface ResolvedEntityConfig {
  readonly type: string;
  readonly idOf: (entity: any) => EntityId;
  readonly versionOf: (entity: any) => number;
  readonly idField: string | undefined;
  readonly versionField: string;
  readonly matches: (entity: any, listParams: any) => boolean;
  readonly sort: ((a: any, b: any, listParams: any) => number) | undefined;
  readonly onCreate: 'insert' | 'invalidate';
  /** Whether a change of `field` may move an entity between lists (only with `onCreate: 'insert'`). */
  readonly movesOn: (field: string) => boolean;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Fills an entity config's defaults. */
export function resolveEntityConfig(type: string, config: EntityConfig = {}): ResolvedEntityConfig {
  const id = config.id ?? 'id';
  const version = config.version ?? 'version';
  const onCreate = config.onCreate ?? (config.matches ? 'insert' : 'invalidate');
  return {
    type,
    idOf: typeof id === 'function' ? id : (entity) => entity?.[id],
    versionOf: typeof version === 'function' ? version : (entity) => entity?.[version],
    idField: typeof id === 'string' ? id : undefined,
    versionField: typeof version === 'string' ? version : 'version',
    matches: config.matches ?? (() => true),
    sort: config.sort,
    onCreate,
    movesOn: onCreate !== 'insert' ? () => false : config.membershipFields ? (field) => config.membershipFields!.includes(field) : () => true,
  };
}

/** Whether `id` is a usable entity id: a non-empty string or a finite number. */
export function isEntityId(id: unknown): id is EntityId {
  return (typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isFinite(id));
}
