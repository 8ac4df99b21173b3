import { CUSTOMER_TIERS, ORDER_STATUSES } from './entity-types';

/** A field's check: undefined when the value is right, else what is wrong with it. */
type Check = (value: unknown) => string | undefined;

const text: Check = (value) => (typeof value === 'string' && value !== '' ? undefined : 'a non-empty string');
const finite: Check = (value) => (typeof value === 'number' && Number.isFinite(value) ? undefined : 'a finite number');
const count: Check = (value) => (Number.isSafeInteger(value) && (value as number) >= 0 ? undefined : 'an integer of at least 0');
const positive: Check = (value) => (Number.isSafeInteger(value) && (value as number) > 0 ? undefined : 'an integer of at least 1');
const oneOf =
  (allowed: readonly string[]): Check =>
  (value) =>
    typeof value === 'string' && allowed.includes(value) ? undefined : `one of ${allowed.join(', ')}`;
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined ? undefined : check(value);
const record =
  (fields: Record<string, Check>): Check =>
  (value) =>
    shapeProblem(value, fields);
const items: Check = (value) => {
  if (!Array.isArray(value) || value.length === 0) return 'a non-empty array';
  for (const [index, item] of value.entries()) {
    const problem = shapeProblem(item, { productId: text, variantId: text, quantity: positive });
    if (problem) return `item ${index}: ${problem}`;
  }
  return undefined;
};
const stockChange = { productId: text, variantId: text, quantity: positive };

/** The fields of each operation kind (besides `kind`). */
const OPERATIONS: Record<string, Record<string, Check>> = {
  'product.patch': {
    productId: text,
    changes: record({ name: optional(text), price: optional(finite), lowStockThreshold: optional(count), category: optional(text) }),
  },
  'product.purchase': stockChange,
  'product.restock': stockChange,
  'product.bulk-price': { category: optional(text), percent: finite },
  'order.create': { items },
  'order.status': { orderId: text, status: oneOf(ORDER_STATUSES) },
  sale: { userId: text, ...stockChange },
  'customer.patch': { customerId: text, changes: record({ name: optional(text), email: optional(text), tier: optional(oneOf(CUSTOMER_TIERS)) }) },
  'customer.delete': { customerId: text },
};

const COMMAND: Record<string, Check> = {
  operation: (value) => {
    const kind = (value as { kind?: unknown } | null)?.kind;
    const fields = typeof kind === 'string' && Object.hasOwn(OPERATIONS, kind) ? OPERATIONS[kind] : undefined;
    if (!fields) return `an operation of a known kind (${Object.keys(OPERATIONS).join(', ')}), not ${JSON.stringify(kind)?.slice(0, 40)}`;
    return shapeProblem(value, { kind: text, ...fields });
  },
  at: (value) => (typeof value === 'string' && /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'an ISO 8601 time'),
  actor: (value) => (value === null ? undefined : text(value)),
  idempotencyKey: optional(text),
};

/**
 * What is wrong with a logged or replicated store command, or undefined when it has the shape
 * the server writes: an operation of a known kind, every field of the right type, no other field.
 */
export function commandShapeProblem(command: unknown): string | undefined {
  return shapeProblem(command, COMMAND);
}

function shapeProblem(value: unknown, fields: Record<string, Check>): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an object';
  for (const key of Object.keys(value)) if (!Object.hasOwn(fields, key)) return `unknown field ${JSON.stringify(key.slice(0, 40))}`;
  for (const [key, check] of Object.entries(fields)) {
    const problem = check((value as Record<string, unknown>)[key]);
    if (problem) return /^(field|item|unknown|not an|an operation)/.test(problem) ? `field ${key}: ${problem}` : `field ${key} must be ${problem}`;
  }
  return undefined;
}
