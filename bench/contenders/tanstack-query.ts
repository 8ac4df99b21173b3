import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { listPayloads, Product, ProductUpdate, Workload } from '../workload';
import { Contender, counters } from './contender';

const detailQueryKey = (id: string) => ['products', 'detail', id] as const;
const listQueryKey = (list: number) => ['products', 'list', list] as const;
const LIST_PREFIX = { queryKey: ['products', 'list'] };

/** Lets queued notifications (TanStack schedules them with setTimeout 0) reach their listeners. */
const nextMacrotask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Seeds a QueryClient with the workload's details and lists; data never goes stale on its own. */
export function seededQueryClient(workload: Workload): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, gcTime: Infinity, retry: false } } });
  for (const entity of workload.entities) client.setQueryData(detailQueryKey(entity.id), { ...entity });
  listPayloads(workload).forEach((items, j) => client.setQueryData(listQueryKey(j), items));
  return client;
}

/** A QueryObserver on list j, as `injectQuery`/`useQuery` would create; it never fetches (data is fresh). */
export function listObserver(client: QueryClient, list: number): QueryObserver<Product[]> {
  return new QueryObserver<Product[]>(client, {
    queryKey: listQueryKey(list),
    queryFn: () => Promise.reject(new Error('the benchmark never fetches')),
  });
}

/**
 * Pushes one update the way TanStack's docs describe: `setQueryData` on the detail (after a version
 * check, since updates are versioned) and `setQueriesData` over the list prefix. The list updater
 * returns `undefined` for lists that do not hold the entity, which skips them (cheaper than the
 * docs' `old.map(...)`, which rewrites and notifies every list).
 */
function pushUpdate(client: QueryClient, { entityId, changes, version }: ProductUpdate): void {
  const detail = client.getQueryData<Product>(detailQueryKey(entityId));
  if (detail && detail.version >= version) return;
  if (detail) client.setQueryData(detailQueryKey(entityId), { ...detail, ...changes, version });
  client.setQueriesData<Product[]>(LIST_PREFIX, (items) => {
    const at = items ? items.findIndex((item) => item.id === entityId) : -1;
    if (at < 0) return undefined;
    const copy = items!.slice();
    copy[at] = { ...copy[at], ...changes, version };
    return copy;
  });
}

export const tanstackQuery: Contender = {
  name: '@tanstack/query-core',
  note: 'setQueryData on the detail + setQueriesData over the list prefix (updater skips lists without the entity), one QueryObserver per list',
  setup(workload) {
    const client = seededQueryClient(workload);
    const { counts, observer } = counters(workload.lists.length);
    const unsubscribes = workload.lists.map((_, j) => listObserver(client, j).subscribe(observer(j)));
    return {
      async apply(updates) {
        updates.forEach((update) => pushUpdate(client, update));
        await nextMacrotask();
      },
      notificationsPerList: () => counts,
      listItems: (j) => client.getQueryData<Product[]>(listQueryKey(j)),
      dispose: () => {
        unsubscribes.forEach((unsubscribe) => unsubscribe());
        client.clear();
      },
    };
  },
};

/** The query keys a namespace's entries get in scenario 3. */
export const namespacedQueryKey = (namespace: string, kind: 'detail' | 'list', n: number) => [namespace, kind, n] as const;
