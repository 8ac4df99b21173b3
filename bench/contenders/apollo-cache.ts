import { gql, InMemoryCache } from '@apollo/client';
import type { DocumentNode } from 'graphql';
import { listPayloads, Product, ProductUpdate, Workload } from '../workload';
import { Contender, counters } from './contender';

const LIST_QUERY = gql`
  query ProductList($list: Int!) {
    products(list: $list) {
      id
      name
      price
      stock
      version
    }
  }
`;
const DETAIL_QUERY = gql`
  query ProductDetail($id: ID!) {
    product(id: $id) {
      id
      name
      price
      stock
      version
    }
  }
`;
const VERSION_FRAGMENT = gql`
  fragment ProductVersion on Product {
    version
  }
`;

/** One fragment per set of changed fields, so writeFragment writes exactly the fields that changed. */
const CHANGE_FRAGMENTS = new Map<string, DocumentNode>([
  [
    'price',
    gql`
      fragment ProductPriceChange on Product {
        price
        version
      }
    `,
  ],
  [
    'stock',
    gql`
      fragment ProductStockChange on Product {
        stock
        version
      }
    `,
  ],
  [
    'price,stock',
    gql`
      fragment ProductPriceStockChange on Product {
        price
        stock
        version
      }
    `,
  ],
]);

type ApolloProduct = Product & { readonly __typename: 'Product' };
const typed = (product: Product): ApolloProduct => ({ __typename: 'Product', ...product });
const productId = (id: string) => `Product:${id}`;

/** A normalized InMemoryCache holding the workload's details and lists. */
export function seededApolloCache(workload: Workload): InMemoryCache {
  const cache = new InMemoryCache({
    typePolicies: { Query: { fields: { products: { keyArgs: ['list'] }, product: { keyArgs: ['id'] } } } },
  });
  for (const entity of workload.entities) cache.writeQuery({ query: DETAIL_QUERY, variables: { id: entity.id }, data: { product: typed(entity) } });
  listPayloads(workload).forEach((items, j) => cache.writeQuery({ query: LIST_QUERY, variables: { list: j }, data: { products: items.map(typed) } }));
  return cache;
}

/** A `cache.watch` on list j, as a `useQuery`/`watchQuery` would hold. Returns its unsubscribe. */
export function watchList(cache: InMemoryCache, list: number, callback: () => void): () => void {
  return cache.watch({ query: LIST_QUERY, variables: { list }, optimistic: true, callback });
}

/** One versioned update: read the version, then `writeFragment` of the changed fields. */
function writeUpdate(cache: InMemoryCache, { entityId, changes, version }: ProductUpdate): void {
  const id = productId(entityId);
  const known = cache.readFragment<{ version: number }>({ id, fragment: VERSION_FRAGMENT });
  if (known && known.version >= version) return;
  const fragment = CHANGE_FRAGMENTS.get(Object.keys(changes).sort().join(','))!;
  cache.writeFragment({ id, fragment, data: { __typename: 'Product', ...changes, version } });
}

/**
 * Apollo's InMemoryCache: `writeFragment` per update, a `cache.watch` per list. With `batched`, each
 * call of `apply` runs inside one `cache.batch`, which broadcasts to watchers once at the end.
 */
export function apolloCache(batched = false): Contender {
  return {
    name: batched ? '@apollo/client InMemoryCache (cache.batch per frame)' : '@apollo/client InMemoryCache',
    note: 'normalized cache, readFragment version check + writeFragment per update, cache.watch per list',
    setup(workload) {
      const cache = seededApolloCache(workload);
      const { counts, observer } = counters(workload.lists.length);
      const unwatch = workload.lists.map((_, j) => watchList(cache, j, observer(j)));
      const write = (updates: readonly ProductUpdate[]) => updates.forEach((update) => writeUpdate(cache, update));
      return {
        apply: (updates) => (batched ? cache.batch({ update: () => write(updates) }) : write(updates)),
        notificationsPerList: () => counts,
        listItems: (j) => cache.readQuery<{ products: Product[] }>({ query: LIST_QUERY, variables: { list: j } })?.products,
        dispose: () => {
          unwatch.forEach((stop) => stop());
          cache.reset();
        },
      };
    },
  };
}
