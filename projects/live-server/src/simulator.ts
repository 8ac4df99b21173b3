import { createRandom, type Random } from './random';
import { CUSTOMER_TIERS, type Product } from './store/entity-types';
import type { LiveStore } from './store/live-store';
import { ORDER_TRANSITIONS } from './store/order-transitions';
import type { StoreCommand, StoreOperation } from './store/store-command';

/** Options of {@link Simulator}. */
export interface SimulatorOptions {
  /** The store the simulator reads to choose plausible changes. */
  store: LiveStore;
  /** Where the changes go: the same command path as REST, so events and versions stay consistent. */
  submit: (command: StoreCommand) => Promise<unknown>;
  /** Events per second; 0 (the default) leaves it stopped. */
  rate?: number;
  /** Seed of its choices: the same seed on the same store gives the same changes. Default 1. */
  seed?: number;
  /** Clock stamping the commands (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Timer period while running. Default 20 ms. */
  tickMs?: number;
  /** Users that get the simulated orders. Default alice and bob. */
  users?: readonly string[];
}

/**
 * A load generator for live inventory and orders: sales (stock down and a new pending order
 * for a user), order progress (pending -> confirmed -> shipped -> delivered, sometimes
 * cancelled), restocks of low-stock products only (so stock drains and refills, and low-stock
 * alerts fire and clear), price tweaks, customer tier changes and the
 * occasional category-wide repricing (a BULK_UPDATE). Its timer is unref'd.
 */
export class Simulator {
  private readonly random: Random;
  private readonly now: () => number;
  private readonly users: readonly string[];
  private timer: NodeJS.Timeout | undefined;
  private budget = 0;
  private lastTick = 0;
  private currentRate = 0;

  constructor(private readonly options: SimulatorOptions) {
    this.random = createRandom(options.seed ?? 1);
    this.now = options.now ?? Date.now;
    this.users = options.users ?? ['alice', 'bob'];
    this.setRate(options.rate ?? 0);
  }

  /** Events per second (approximate; a sale is two events). */
  get rate(): number {
    return this.currentRate;
  }

  /** Changes the rate; 0 stops the simulator. */
  setRate(rate: number): void {
    if (!Number.isFinite(rate) || rate < 0) throw new RangeError(`simulator rate must be >= 0, got ${rate}`);
    this.currentRate = rate;
    if (rate === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.budget = 0;
    } else if (!this.timer) {
      this.lastTick = performance.now();
      this.timer = setInterval(() => this.tick(), this.options.tickMs ?? 20);
      this.timer.unref();
    }
  }

  /** Stops the timer for good. */
  stop(): void {
    this.setRate(0);
  }

  /** Chooses and submits one change; returns the command. */
  step(): StoreCommand {
    const command: StoreCommand = { operation: this.chooseOperation(), at: new Date(this.now()).toISOString(), actor: null };
    this.options.submit(command).catch(() => undefined);
    return command;
  }

  private tick(): void {
    const now = performance.now();
    // Cap the backlog at one second of events so a stalled process does not burst.
    this.budget = Math.min(this.budget + (this.currentRate * (now - this.lastTick)) / 1000, Math.max(this.currentRate, 2));
    this.lastTick = now;
    for (let steps = 0; this.budget >= 1 && steps < 20_000; steps++) {
      this.budget -= this.step().operation.kind === 'sale' ? 2 : 1;
    }
  }

  private chooseOperation(): StoreOperation {
    const roll = this.random.next();
    if (roll < 0.26) return this.sale() ?? this.restock() ?? this.priceTweak();
    if (roll < 0.82) return this.progress() ?? this.sale() ?? this.priceTweak();
    // Restocks are rarer than sales and only for products at or under their threshold, so stock
    // drains until low-stock alerts fire, and they clear again when a restock comes.
    if (roll < 0.88) return this.restock() ?? this.sale() ?? this.priceTweak();
    if (roll < 0.93) return this.priceTweak();
    if (roll < 0.99) return this.tierChange() ?? this.priceTweak();
    return this.bulkReprice();
  }

  private products(): Product[] {
    return [...this.options.store.products.values()];
  }

  private sale(): StoreOperation | undefined {
    const inStock = this.products().filter((product) => product.stock > 0);
    if (inStock.length === 0) return undefined;
    const product = this.random.pick(inStock);
    const variant = this.random.pick(product.variants.filter((candidate) => candidate.stock > 0));
    return {
      kind: 'sale',
      userId: this.random.pick(this.users),
      productId: product.id,
      variantId: variant.id,
      quantity: this.random.int(1, Math.min(3, variant.stock)),
    };
  }

  private progress(): StoreOperation | undefined {
    const open = this.options.store.openOrderIds;
    if (open.size === 0) return undefined;
    const order = this.options.store.orders.get(open.at(this.random.int(0, open.size - 1))!)!;
    const [next, alternative] = ORDER_TRANSITIONS[order.status];
    const cancel = alternative !== undefined && this.random.next() < 0.08;
    return { kind: 'order.status', orderId: order.id, status: cancel ? alternative : next };
  }

  /** Refills a product at or under its threshold to threshold + 10..30; undefined when none is low. */
  private restock(): StoreOperation | undefined {
    const low = this.products().filter((product) => product.stock <= product.lowStockThreshold);
    if (low.length === 0) return undefined;
    const product = this.random.pick(low);
    const variant = product.variants.reduce((lowest, candidate) => (candidate.stock < lowest.stock ? candidate : lowest));
    const target = product.lowStockThreshold + this.random.int(10, 30);
    return { kind: 'product.restock', productId: product.id, variantId: variant.id, quantity: Math.max(1, target - product.stock) };
  }

  private priceTweak(): StoreOperation {
    const product = this.random.pick(this.products());
    const factor = 1 + (this.random.next() - 0.5) / 10;
    return { kind: 'product.patch', productId: product.id, changes: { price: Math.max(0.01, Math.round(product.price * factor * 100) / 100) } };
  }

  private tierChange(): StoreOperation | undefined {
    const customers = [...this.options.store.customers.values()];
    if (customers.length === 0) return undefined;
    const customer = this.random.pick(customers);
    const tier = this.random.pick(CUSTOMER_TIERS.filter((candidate) => candidate !== customer.tier));
    return { kind: 'customer.patch', customerId: customer.id, changes: { tier } };
  }

  private bulkReprice(): StoreOperation {
    const category = this.random.pick([...new Set(this.products().map((product) => product.category))]);
    return { kind: 'product.bulk-price', category, percent: this.random.pick([-3, -2, 2, 3]) };
  }
}
