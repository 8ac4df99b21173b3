import { createRandom } from '../random';
import { CUSTOMER_TIERS, type Customer, type Order, type OrderItem, type OrderStatus, type OrderStatusEvent, type Product, type ProductVariant } from './entity-types';

/** Display names of the demo users, used as `customerName` on their orders. */
export const USER_DISPLAY_NAMES: Readonly<Record<string, string>> = {
  alice: 'Alice Anderson',
  bob: 'Bob Brown',
};

/** The data a fresh store starts from. */
export interface SeedData {
  products: Product[];
  orders: Order[];
  orderHistory: Record<string, OrderStatusEvent[]>;
  customers: Customer[];
  /** The time the seed data was "last changed", ISO 8601. */
  updatedAt: string;
}

const SEED_EPOCH = Date.parse('2025-01-06T09:00:00.000Z');
const MINUTE = 60_000;

const CATALOG: ReadonlyArray<{ category: string; nouns: string[]; variants: string[]; priceRange: [number, number] }> = [
  { category: 'apparel', nouns: ['T-Shirt', 'Hoodie', 'Jacket', 'Polo', 'Sweater'], variants: ['S', 'M', 'L'], priceRange: [15, 120] },
  { category: 'footwear', nouns: ['Sneaker', 'Boot', 'Sandal'], variants: ['EU 40', 'EU 42', 'EU 44'], priceRange: [40, 180] },
  { category: 'electronics', nouns: ['Headphones', 'Speaker', 'Charger', 'Keyboard'], variants: ['Black', 'White', 'Silver'], priceRange: [20, 300] },
  { category: 'home', nouns: ['Mug', 'Lamp', 'Blanket', 'Vase'], variants: ['Small', 'Large', 'XL'], priceRange: [8, 90] },
  { category: 'outdoor', nouns: ['Backpack', 'Tent', 'Bottle'], variants: ['Green', 'Blue', 'Orange'], priceRange: [12, 250] },
];
const ADJECTIVES = ['Classic', 'Urban', 'Trail', 'Cozy', 'Swift', 'Nordic', 'Solar', 'Pocket'];
const FIRST_NAMES = ['Chloe', 'Diego', 'Emma', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara'];
const LAST_NAMES = ['Novak', 'Silva', 'Keller', 'Okafor', 'Lund', 'Moreau', 'Tanaka', 'Rossi', 'Haddad', 'Berg'];
const STATUS_PATHS: ReadonlyArray<OrderStatus[]> = [
  ['pending'],
  ['pending', 'confirmed'],
  ['pending', 'confirmed', 'shipped'],
  ['pending', 'confirmed', 'shipped', 'delivered'],
  ['pending', 'confirmed', 'shipped', 'delivered'],
  ['pending', 'cancelled'],
];

/** Rounds a money amount to cents. */
export function roundMoney(amount: number): number {
  return Math.round(amount * 100) / 100;
}

/**
 * Builds the deterministic seed: 40 products with 2-3 variants, 30 orders split between
 * `alice` and `bob`, 20 customers. The same `seed` always gives the same data.
 */
export function createSeedData(seed = 42, productCount = 40, orderCount = 30, customerCount = 20): SeedData {
  const random = createRandom(seed);

  const products: Product[] = [];
  for (let i = 1; i <= productCount; i++) {
    const entry = CATALOG[(i - 1) % CATALOG.length];
    const variantCount = random.int(2, 3);
    const variants: ProductVariant[] = entry.variants.slice(0, variantCount).map((name, index) => ({
      id: `p-${i}-v${index + 1}`,
      name,
      // Every fifth product starts close to its low-stock threshold.
      stock: i % 5 === 0 ? random.int(0, 2) : random.int(4, 30),
    }));
    const [low, high] = entry.priceRange;
    products.push({
      id: `p-${i}`,
      name: `${random.pick(ADJECTIVES)} ${random.pick(entry.nouns)} ${i}`,
      category: entry.category,
      price: roundMoney(low + random.next() * (high - low)),
      stock: variants.reduce((sum, variant) => sum + variant.stock, 0),
      lowStockThreshold: random.int(5, 10),
      variants,
      version: 1,
    });
  }

  const orders: Order[] = [];
  const orderHistory: Record<string, OrderStatusEvent[]> = {};
  for (let i = 1; i <= orderCount; i++) {
    const userId = i % 2 === 1 ? 'alice' : 'bob';
    const items: OrderItem[] = [];
    const lineCount = random.int(1, 3);
    for (let line = 0; line < lineCount; line++) {
      const product = random.pick(products);
      const variant = random.pick(product.variants);
      items.push({ productId: product.id, variantId: variant.id, quantity: random.int(1, 3), price: product.price });
    }
    const createdMs = SEED_EPOCH + i * 37 * MINUTE;
    const path = random.pick(STATUS_PATHS);
    const history = path.map((status, index) => ({
      status,
      at: new Date(createdMs + index * 45 * MINUTE).toISOString(),
      version: index + 1,
    }));
    const last = history[history.length - 1];
    orders.push({
      id: `o-${i}`,
      userId,
      customerName: USER_DISPLAY_NAMES[userId],
      status: last.status,
      total: roundMoney(items.reduce((sum, item) => sum + item.price * item.quantity, 0)),
      items,
      createdAt: history[0].at,
      updatedAt: last.at,
      version: last.version,
    });
    orderHistory[`o-${i}`] = history;
  }

  const customers: Customer[] = [
    { id: 'c-1', name: USER_DISPLAY_NAMES['alice'], email: 'alice@example.com', tier: 'gold', version: 1 },
    { id: 'c-2', name: USER_DISPLAY_NAMES['bob'], email: 'bob@example.com', tier: 'silver', version: 1 },
  ];
  for (let i = 3; i <= customerCount; i++) {
    const first = FIRST_NAMES[(i - 3) % FIRST_NAMES.length];
    const last = random.pick(LAST_NAMES);
    customers.push({
      id: `c-${i}`,
      name: `${first} ${last}`,
      email: `${first}.${last}@example.com`.toLowerCase(),
      tier: random.pick(CUSTOMER_TIERS),
      version: 1,
    });
  }

  const updatedAt = new Date(SEED_EPOCH + (orderCount + 5) * 37 * MINUTE).toISOString();
  return { products, orders, orderHistory, customers, updatedAt };
}
