import type { Product, ProductUpdate, Workload } from '../workload';

/** A cache seeded with a workload's entities and lists, one live observer per list. */
export interface LiveCache {
  /** Applies the updates; resolves once every observer has been told. */
  apply(updates: readonly ProductUpdate[]): void | Promise<void>;
  /** Observer callbacks per list since setup (initial emissions excluded). */
  notificationsPerList(): readonly number[];
  /** What the cache holds for list j now. */
  listItems(list: number): readonly Product[] | undefined;
  /** Flushes, for contenders that batch. */
  flushes?(): number;
  dispose(): void;
}

/** One library (or the floor) the benchmark runs. */
export interface Contender {
  readonly name: string;
  /** A note printed under the tables, for what the row does differently. */
  readonly note?: string;
  setup(workload: Workload): LiveCache;
}

/** Notification counters, one per list. */
export function counters(lists: number): { readonly counts: number[]; observer(list: number): () => void } {
  const counts = new Array<number>(lists).fill(0);
  return { counts, observer: (list) => () => void counts[list]++ };
}
