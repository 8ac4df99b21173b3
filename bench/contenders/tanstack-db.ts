import { BasicIndex, createCollection, createLiveQueryCollection, inArray } from '@tanstack/db';
import type { ChangeMessageOrDeleteKeyMessage, Collection } from '@tanstack/db';
import { Product, ProductUpdate, Workload } from '../workload';
import { Contender, counters } from './contender';

/** The sync primitives a collection hands its sync function; the bench's stream writes through them. */
interface SyncWriter {
  begin(): void;
  write(message: ChangeMessageOrDeleteKeyMessage<Product, string>): void;
  commit(): void;
}

/** A synced products collection and the writer its sync function received. */
export interface SyncedProducts {
  readonly products: Collection<Product, string>;
  readonly writer: SyncWriter;
}

/**
 * One synced collection of every entity, as a custom sync adapter would build it: its `sync`
 * function writes the initial snapshot in one transaction, marks the collection ready and keeps
 * `begin/write/commit` for the pushed events. Updates are partial rows (`rowUpdateMode: 'partial'`),
 * merged into the row by key. An index on `id` serves the lists' `inArray(id, ...)` filters.
 * GC is off (`gcTime: 0`), as the other contenders keep everything.
 */
export function syncedProducts(workload: Workload): SyncedProducts {
  let writer: SyncWriter | undefined;
  const products = createCollection<Product, string>({
    getKey: (product) => product.id,
    gcTime: 0,
    startSync: true,
    sync: {
      rowUpdateMode: 'partial',
      sync: ({ begin, write, commit, markReady }) => {
        begin();
        for (const entity of workload.entities) write({ type: 'insert', value: { ...entity } });
        commit();
        markReady();
        writer = { begin, write, commit };
        return () => {
          writer = undefined;
        };
      },
    },
  });
  products.createIndex((row) => row.id, { indexType: BasicIndex });
  if (!writer || products.status !== 'ready') throw new Error('bench: the TanStack DB collection did not sync its snapshot synchronously');
  return { products, writer };
}

/** The live query of list j: the rows whose id is one of the list's ids. */
export function liveList(products: Collection<Product, string>, ids: readonly string[]): Collection<Product, string> {
  const wanted = [...ids];
  return createLiveQueryCollection({
    query: (q) => q.from({ product: products }).where(({ product }) => inArray(product.id, wanted)),
    gcTime: 0,
    startSync: true,
  }) as unknown as Collection<Product, string>;
}

/** The version a versioned update must exceed: one written earlier in the open transaction, else the synced row's. */
function knownVersion(products: Collection<Product, string>, written: ReadonlyMap<string, number>, entityId: string): number | undefined {
  return written.get(entityId) ?? products.get(entityId)?.version;
}

/** The partial row of an update: the changed fields and the version, merged into the row by key. */
const partialRow = ({ entityId, changes, version }: ProductUpdate) => ({ id: entityId, ...changes, version }) as Product;

/**
 * TanStack DB (`@tanstack/db`): the synced collection above, a live query per list
 * (`inArray(id, list ids)`), one `subscribeChanges` per live query. Without `frameEvents` every
 * event is its own `begin/write/commit` after a version check, as the docs' custom adapter writes
 * each pushed event; with it one sync transaction holds that many events (a frame of a stream;
 * `Infinity`: every call of `apply` is one frame).
 */
export function tanstackDb(frameEvents?: number): Contender {
  const perFrame = frameEvents === Infinity ? 'one transaction per frame' : `one transaction per ${frameEvents} events`;
  return {
    name: frameEvents ? `@tanstack/db (${perFrame})` : '@tanstack/db',
    note: frameEvents
      ? `one synced collection, ${perFrame} (begin, a version check + partial-row write per event, commit), a live query with inArray of its ids per list, index on id`
      : 'one synced collection, version check + begin/write/commit of a partial row per event, a live query with inArray of its ids per list, index on id',
    setup(workload) {
      const { products, writer } = syncedProducts(workload);
      const lists = workload.lists.map((ids) => liveList(products, ids));
      const { counts, observer } = counters(workload.lists.length);
      const subscriptions = lists.map((list, j) => list.subscribeChanges(observer(j)));
      const none = new Map<string, number>();
      const written = new Map<string, number>();
      let transactions = 0;
      const pushEach = (updates: readonly ProductUpdate[]) => {
        for (const update of updates) {
          const known = knownVersion(products, none, update.entityId);
          if (known === undefined || known >= update.version) continue;
          writer.begin();
          writer.write({ type: 'update', value: partialRow(update) });
          writer.commit();
        }
      };
      const pushFrames = (updates: readonly ProductUpdate[], size: number) => {
        for (let start = 0; start < updates.length; start += size) {
          writer.begin();
          for (let n = start; n < Math.min(start + size, updates.length); n++) {
            const update = updates[n];
            const known = knownVersion(products, written, update.entityId);
            if (known === undefined || known >= update.version) continue;
            written.set(update.entityId, update.version);
            writer.write({ type: 'update', value: partialRow(update) });
          }
          writer.commit();
          written.clear();
          transactions++;
        }
      };
      return {
        apply: (updates) => (frameEvents ? pushFrames(updates, frameEvents) : pushEach(updates)),
        notificationsPerList: () => counts,
        flushes: frameEvents ? () => transactions : undefined,
        listItems: (j) => workload.lists[j].map((id) => lists[j].get(id)) as Product[],
        dispose: () => {
          subscriptions.forEach((subscription) => subscription.unsubscribe());
          lists.forEach((list) => void list.cleanup());
          void products.cleanup();
        },
      };
    },
  };
}
