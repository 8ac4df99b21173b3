import { applyOperation } from './apply-operation';
import { ORDER_STATUSES, type Customer, type CustomerTier, type EntityType, type Order, type OrderStatus, type OrderStatusEvent, type Product } from './entity-types';
import { IdempotencyCache } from './idempotency-cache';
import { type ArchivedTotals, earnsRevenue, noArchivedTotals } from './order-archive';
import { isOpenOrder } from './order-transitions';
import { paginate, type Page } from './paginate';
import { operationFingerprint, reusedKeyError } from './operation-fingerprint';
import { PickableSet } from './pickable-set';
import { createSeedData } from './seed-data';
import type { CommandResponse, CommandResult, StoreCommand } from './store-command';

/** Everything a store holds, as plain JSON (for `DATA_FILE` and restarts). */
export interface StoreSnapshot {
  products: Product[];
  orders: Order[];
  orderHistory: Record<string, OrderStatusEvent[]>;
  customers: Customer[];
  tombstones: Array<[string, number]>;
  nextOrderNumber: number;
  updatedAt: string;
  idempotency: Array<[string, CommandResponse]>;
  commandCount: number;
  /** What archived orders still add to the metrics; absent in snapshots of older servers. */
  archived?: ArchivedTotals;
}

/** Options of {@link LiveStore}. */
export interface LiveStoreOptions {
  /** Seed of the generated demo data. Default 42. */
  seed?: number;
  /** How many idempotency keys are remembered per user. Default 10 000. */
  idempotencyCacheSize?: number;
  /** Start from this snapshot instead of the seed data. */
  snapshot?: StoreSnapshot;
  /** Delivered or cancelled orders kept per user; older ones are archived (deleted, still in the metrics). Default 200. */
  maxSettledOrdersPerUser?: number;
}

/** Filters of the product list. */
export interface ProductQuery {
  q?: string;
  category?: string;
  lowStock?: boolean;
  page: number;
  pageSize: number;
}

/** Filters of the order list. */
export interface OrderQuery {
  userId: string;
  status?: OrderStatus;
  page: number;
  pageSize: number;
}

/** Filters of the customer list. */
export interface CustomerQuery {
  q?: string;
  tier?: CustomerTier;
  page: number;
  pageSize: number;
}

/** Dashboard figures computed from the store. */
export interface StoreMetrics {
  /** Sum of the totals of confirmed, shipped and delivered orders. */
  revenue: number;
  ordersByStatus: Record<OrderStatus, number>;
  /** Products whose stock is at or below their low-stock threshold. */
  lowStockCount: number;
  /** Time of the last applied change, ISO 8601. */
  updatedAt: string;
}

/**
 * The in-memory products, orders and customers. Reads are plain methods; every change goes
 * through {@link LiveStore.apply}, which is deterministic, versions the entities it touches
 * and returns the events to publish. Entities are replaced, never mutated in place, so
 * events and responses that reference them stay as they were.
 */
export class LiveStore {
  readonly products = new Map<string, Product>();
  readonly orders = new Map<string, Order>();
  readonly orderHistory = new Map<string, OrderStatusEvent[]>();
  readonly customers = new Map<string, Customer>();
  /** Ids of orders that can still move (pending, confirmed, shipped). */
  readonly openOrderIds = new PickableSet();
  /** Last version of deleted entities, keyed `type:id`. */
  readonly tombstones = new Map<string, number>();
  readonly idempotency: IdempotencyCache;
  readonly maxSettledOrdersPerUser: number;
  /** What archived orders still add to the metrics. */
  archived: ArchivedTotals = noArchivedTotals();
  nextOrderNumber = 1;
  updatedAt = '';
  /** How many commands were applied (including refused and replayed ones). */
  commandCount = 0;

  constructor(options: LiveStoreOptions = {}) {
    this.idempotency = new IdempotencyCache(options.idempotencyCacheSize);
    this.maxSettledOrdersPerUser = options.maxSettledOrdersPerUser ?? 200;
    this.load(options.snapshot, options.seed ?? 42);
  }

  /** Replaces the whole state with a snapshot's (a process that fell behind catching up). */
  restore(snapshot: StoreSnapshot): void {
    for (const map of [this.products, this.orders, this.orderHistory, this.customers, this.tombstones]) map.clear();
    this.openOrderIds.clear();
    this.idempotency.clear();
    this.load(snapshot, 0);
  }

  private load(source: StoreSnapshot | undefined, seedNumber: number): void {
    this.archived = structuredClone(source?.archived ?? noArchivedTotals());
    const seed = source ?? createSeedData(seedNumber);
    for (const product of seed.products) this.products.set(product.id, product);
    for (const order of seed.orders) {
      this.orders.set(order.id, order);
      if (isOpenOrder(order)) this.openOrderIds.add(order.id);
    }
    for (const customer of seed.customers) this.customers.set(customer.id, customer);
    for (const [id, history] of Object.entries(seed.orderHistory)) this.orderHistory.set(id, history);
    this.updatedAt = seed.updatedAt;
    this.nextOrderNumber = source?.nextOrderNumber ?? seed.orders.length + 1;
    this.commandCount = source?.commandCount ?? 0;
    if (source) {
      for (const [key, version] of source.tombstones) this.tombstones.set(key, version);
      this.idempotency.load(source.idempotency);
    }
  }

  /**
   * Applies one command. A command whose idempotency key this user already used for the same
   * operation changes nothing and returns the first response, with `replayed: true`; for another
   * operation (route or body), 422 with `conflict: true`, changing nothing.
   */
  apply(command: StoreCommand): CommandResult {
    this.commandCount++;
    const { actor, idempotencyKey } = command;
    const request = idempotencyKey === undefined ? undefined : operationFingerprint(command.operation);
    if (idempotencyKey !== undefined) {
      const earlier = this.idempotency.get(actor, idempotencyKey);
      // Snapshots of older servers kept no fingerprint: their keys replay as before.
      if (earlier && earlier.request !== undefined && earlier.request !== request) {
        return { status: 422, body: { error: reusedKeyError(idempotencyKey) }, changes: [], replayed: false, conflict: true };
      }
      if (earlier) return { status: earlier.status, body: earlier.body, seq: earlier.seq, changes: [], replayed: true };
    }
    const outcome = applyOperation(this, command);
    if (outcome.changes.length > 0) this.updatedAt = command.at;
    if (idempotencyKey !== undefined) {
      this.idempotency.set(actor, idempotencyKey, { status: outcome.status, body: outcome.body, request });
    }
    return { ...outcome, replayed: false };
  }

  /** A page of products matching the filters, in id order. */
  listProducts(query: ProductQuery): Page<Product> {
    const q = query.q?.toLowerCase();
    const matches = [...this.products.values()].filter(
      (product) =>
        (!q || product.name.toLowerCase().includes(q)) &&
        (!query.category || product.category === query.category) &&
        (query.lowStock === undefined || isLowStock(product) === query.lowStock),
    );
    return paginate(matches, query.page, query.pageSize);
  }

  /**
   * A page of one user's orders, newest first, with `statusCounts`: how many of the user's
   * orders (all of them, whatever the status filter and page) are in each status.
   */
  listOrders(query: OrderQuery): Page<Order> & { statusCounts: Record<OrderStatus, number> } {
    const statusCounts = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>;
    const matches: Order[] = [];
    for (const order of this.orders.values()) {
      if (order.userId !== query.userId) continue;
      statusCounts[order.status]++;
      if (!query.status || order.status === query.status) matches.push(order);
    }
    matches.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || orderNumber(b) - orderNumber(a));
    return { ...paginate(matches, query.page, query.pageSize), statusCounts };
  }

  /** One user's order figures: how many orders per status, how many in all, and their revenue (confirmed, shipped, delivered). */
  orderTotals(userId: string): { statusCounts: Record<OrderStatus, number>; count: number; revenue: number } {
    const statusCounts = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0])) as Record<OrderStatus, number>;
    let count = 0;
    let revenueCents = 0;
    for (const order of this.orders.values()) {
      if (order.userId !== userId) continue;
      statusCounts[order.status]++;
      count++;
      if (earnsRevenue(order.status)) revenueCents += Math.round(order.total * 100);
    }
    return { statusCounts, count, revenue: revenueCents / 100 };
  }

  /**
   * One user's new orders per minute over the last `minutes` minutes (the last bucket is the
   * current minute, by `now`), counted from the orders the store holds; `throughOrder` is the
   * highest order number issued so far, so a client can add the orders created after this answer
   * (from their events) without counting one twice.
   */
  ordersPerMinute(userId: string, minutes: number, now: number): { minutes: { start: string; count: number }[]; throughOrder: number } {
    const MINUTE = 60_000;
    const first = Math.floor(now / MINUTE) - (minutes - 1);
    const counts = new Array<number>(minutes).fill(0);
    for (const order of this.orders.values()) {
      if (order.userId !== userId) continue;
      const index = Math.floor(Date.parse(order.createdAt) / MINUTE) - first;
      if (index >= 0 && index < minutes) counts[index]++;
    }
    return {
      minutes: counts.map((count, index) => ({ start: new Date((first + index) * MINUTE).toISOString(), count })),
      throughOrder: this.nextOrderNumber - 1,
    };
  }

  /** A page of customers matching the filters, in id order. */
  listCustomers(query: CustomerQuery): Page<Customer> {
    const q = query.q?.toLowerCase();
    const matches = [...this.customers.values()].filter(
      (customer) => (!q || customer.name.toLowerCase().includes(q) || customer.email.toLowerCase().includes(q)) && (!query.tier || customer.tier === query.tier),
    );
    return paginate(matches, query.page, query.pageSize);
  }

  /** The figures of the seller dashboard. */
  metrics(): StoreMetrics {
    const ordersByStatus: Record<OrderStatus, number> = { ...this.archived.byStatus };
    let revenueCents = this.archived.revenueCents;
    for (const order of this.orders.values()) {
      ordersByStatus[order.status]++;
      if (earnsRevenue(order.status)) revenueCents += Math.round(order.total * 100);
    }
    let lowStockCount = 0;
    for (const product of this.products.values()) if (isLowStock(product)) lowStockCount++;
    return { revenue: revenueCents / 100, ordersByStatus, lowStockCount, updatedAt: this.updatedAt };
  }

  /** The version a deleted entity had when it was deleted. */
  tombstone(entityType: EntityType, id: string): number | undefined {
    return this.tombstones.get(`${entityType}:${id}`);
  }

  /** The whole state as JSON-ready data. */
  snapshot(): StoreSnapshot {
    return {
      products: [...this.products.values()],
      orders: [...this.orders.values()],
      orderHistory: Object.fromEntries(this.orderHistory),
      customers: [...this.customers.values()],
      tombstones: [...this.tombstones],
      nextOrderNumber: this.nextOrderNumber,
      updatedAt: this.updatedAt,
      idempotency: this.idempotency.toJSON(),
      commandCount: this.commandCount,
      archived: structuredClone(this.archived),
    };
  }
}

/** Whether a product is at or below its low-stock threshold. */
function isLowStock(product: Product): boolean {
  return product.stock <= product.lowStockThreshold;
}

function orderNumber(order: Order): number {
  return Number(order.id.slice(2)) || 0;
}
