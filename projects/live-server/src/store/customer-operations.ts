import type { Customer } from './entity-types';
import type { LiveStore } from './live-store';
import { changedFields, refused, type OperationOutcome } from './operation-outcome';
import type { CustomerPatch } from './store-command';

/** Changes a customer's editable fields; no event when nothing differs. */
export function patchCustomer(store: LiveStore, customerId: string, patch: CustomerPatch): OperationOutcome {
  const customer = store.customers.get(customerId);
  if (!customer) return refused(404, `customer ${customerId} not found`);
  const changes = changedFields(customer, patch);
  if (Object.keys(changes).length === 0) return { status: 200, body: customer, changes: [] };
  const next: Customer = { ...customer, ...changes, version: customer.version + 1 };
  store.customers.set(customerId, next);
  return {
    status: 200,
    body: next,
    changes: [
      {
        entityType: 'customers',
        event: {
          type: 'ENTITY_UPDATED',
          data: { entityType: 'customers', entityId: customerId, changes: { ...changes }, version: next.version },
        },
      },
    ],
  };
}

/** Deletes a customer, leaving a tombstone with the deletion's version. */
export function deleteCustomer(store: LiveStore, customerId: string): OperationOutcome {
  const customer = store.customers.get(customerId);
  if (!customer) return refused(404, `customer ${customerId} not found`);
  const version = customer.version + 1;
  store.customers.delete(customerId);
  store.tombstones.set(`customers:${customerId}`, version);
  return {
    status: 200,
    body: { id: customerId, deleted: true, version },
    changes: [
      {
        entityType: 'customers',
        event: { type: 'ENTITY_DELETED', data: { entityType: 'customers', entityId: customerId, version } },
      },
    ],
  };
}
