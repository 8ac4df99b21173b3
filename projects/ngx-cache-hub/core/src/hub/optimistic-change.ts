/** One key's optimistic edit: a pure function from the value under it to the value to show. */
export interface OptimisticEdit<T = unknown> {
  readonly key: string;
  readonly update: (current: T | undefined) => T;
}

/** The edits of one optimistic layer, applied in order over server state. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a layer mixes edits of different value types
export type OptimisticChange = readonly OptimisticEdit<any>[];

/** A live optimistic layer: `commit` drops it once the server state holds the change; `rollback` undoes it. */
export interface OptimisticHandle {
  readonly id: number;
  /** The server accepted the change: the layer is removed and server state (base) is what remains. */
  commit(): void;
  /** The change failed: the layer is removed; base and the other layers are recomputed. */
  rollback(): void;
}
