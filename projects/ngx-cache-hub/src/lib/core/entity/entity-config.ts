/** An entity's id: a string or a number (stored and compared as a string). */
export type EntityId = string | number;

/** How one entity type lives in the hub; pass it to `withEntity(type, config)` or `EntityStore.register`. */
export interface EntityConfig<T = any, P = any> {
  /** Property holding the id, or a function reading it. Default `'id'`. */
  id?: string | ((entity: T) => EntityId);
  /** Property holding the version, or a function reading it. Default `'version'`. */
  version?: string | ((entity: T) => number);
  /** Whether a created entity belongs in the list cached with these params (parsed from `list-<params>`). */
  matches?: (entity: T, listParams: P) => boolean;
  /** Order of list items, used to insert created entities. Default: append. */
  sort?: (a: T, b: T) => number;
  /** What a create does to the type's lists: insert where `matches` accepts it, or invalidate them. Default `'invalidate'`, or `'insert'` when `matches` is given. */
  onCreate?: 'insert' | 'invalidate';
}

/** A config with every default filled in. */
export interface ResolvedEntityConfig {
  readonly type: string;
  readonly idOf: (entity: any) => EntityId;
  readonly versionOf: (entity: any) => number;
  readonly idField: string | undefined;
  readonly versionField: string;
  readonly matches: (entity: any, listParams: any) => boolean;
  readonly sort: ((a: any, b: any) => number) | undefined;
  readonly onCreate: 'insert' | 'invalidate';
}

/** Fills an entity config's defaults. */
export function resolveEntityConfig(type: string, config: EntityConfig = {}): ResolvedEntityConfig {
  const id = config.id ?? 'id';
  const version = config.version ?? 'version';
  return {
    type,
    idOf: typeof id === 'function' ? id : (entity) => entity?.[id],
    versionOf: typeof version === 'function' ? version : (entity) => entity?.[version],
    idField: typeof id === 'string' ? id : undefined,
    versionField: typeof version === 'string' ? version : 'version',
    matches: config.matches ?? (() => true),
    sort: config.sort,
    onCreate: config.onCreate ?? (config.matches ? 'insert' : 'invalidate'),
  };
}
