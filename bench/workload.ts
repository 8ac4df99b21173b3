import { sampleDistinct, seededRandom } from './random';

/** The entity every contender caches. */
export interface Product {
  readonly id: string;
  readonly name: string;
  readonly price: number;
  readonly stock: number;
  readonly version: number;
}

/** One versioned update, in the shape the wire protocol carries it. */
export interface ProductUpdate {
  readonly entityType: 'products';
  readonly entityId: string;
  readonly changes: Readonly<Partial<Pick<Product, 'price' | 'stock'>>>;
  readonly version: number;
}

/** Entities, lists of entity ids, an update stream, and the state the stream ends in. */
export interface Workload {
  readonly entities: readonly Product[];
  /** lists[j] holds the ids of list j, in order. */
  readonly lists: readonly (readonly string[])[];
  readonly updates: readonly ProductUpdate[];
  /** Each entity after `updates` are applied. */
  readonly truth: ReadonlyMap<string, Product>;
}

/**
 * E entities, L lists of S distinct random entities (so each entity is in about L*S/E lists),
 * and U updates of random entities, each changing price, stock or both at the entity's next version.
 */
export function makeWorkload(E: number, L: number, S: number, U: number, seed = 42): Workload {
  const random = seededRandom(seed);
  const entities = Array.from({ length: E }, (_, i): Product => ({ id: `p${i}`, name: `Product ${i}`, price: 1000 + i, stock: 100, version: 1 }));
  const lists = Array.from({ length: L }, () => sampleDistinct(random, E, S).map((i) => entities[i].id));
  const truth = new Map(entities.map((entity) => [entity.id, entity]));
  const updates: ProductUpdate[] = [];
  for (let n = 0; n < U; n++) {
    const current = truth.get(entities[Math.floor(random() * E)].id)!;
    const pick = random();
    const changes = pick < 0.45 ? { price: Math.floor(random() * 10_000) } : pick < 0.9 ? { stock: Math.floor(random() * 500) } : { price: n, stock: n % 500 };
    const version = current.version + 1;
    updates.push({ entityType: 'products', entityId: current.id, changes, version });
    truth.set(current.id, { ...current, ...changes, version });
  }
  return { entities, lists, updates, truth };
}

/** The first `count` updates and the state they end in. */
export function truncated(workload: Workload, count: number): Workload {
  if (count >= workload.updates.length) return workload;
  const updates = workload.updates.slice(0, count);
  const truth = new Map(workload.entities.map((entity) => [entity.id, entity]));
  for (const update of updates) {
    const current = truth.get(update.entityId)!;
    truth.set(update.entityId, { ...current, ...update.changes, version: update.version });
  }
  return { ...workload, updates, truth };
}

/** The lists as a server would send them: fresh objects, as parsed from JSON. */
export function listPayloads(workload: Workload): Product[][] {
  const byId = new Map(workload.entities.map((entity) => [entity.id, entity]));
  return workload.lists.map((ids) => ids.map((id) => ({ ...byId.get(id)! })));
}

/** Items of the cached lists that differ from the truth (wrong id, field or version, or missing). */
export function staleItems(workload: Workload, listItems: (list: number) => readonly Product[] | undefined): number {
  let stale = 0;
  workload.lists.forEach((ids, j) => {
    const items = listItems(j) ?? [];
    ids.forEach((id, k) => {
      const item = items[k];
      const want = workload.truth.get(id)!;
      if (!item || item.id !== id || item.price !== want.price || item.stock !== want.stock || item.version !== want.version) stale++;
    });
    if (items.length > ids.length) stale += items.length - ids.length;
  });
  return stale;
}
