import { Subscription } from 'rxjs';
import type { OfflineAction, OfflineQueue } from 'ngx-cache-hub/core';
import type { OfflineState, OfflineUserState } from './inspector-state';

/** The offline queue's latest state, per user: pending, in flight (being sent) and failed actions. */
export class OfflineTracker {
  readonly #subscription = new Subscription();
  #pending: readonly OfflineAction[] = [];
  #failed: readonly OfflineAction[] = [];
  #syncing = false;
  #lastSyncedAt: number | null = null;
  #unsaved = 0;

  constructor(queue: Omit<OfflineQueue, 'destroy'>) {
    const take = <T>(source: { subscribe(next: (value: T) => void): Subscription }, set: (value: T) => void) => this.#subscription.add(source.subscribe(set));
    take(queue.pending$, (value) => (this.#pending = value));
    take(queue.failed$, (value) => (this.#failed = value));
    take(queue.syncing$, (value) => (this.#syncing = value));
    take(queue.lastSyncedAt$, (value) => (this.#lastSyncedAt = value));
    take(queue.unsaved$, (value) => (this.#unsaved = value));
  }

  state(): OfflineState {
    const users = new Map<string, { pending: OfflineAction[]; inFlight: OfflineAction[]; failed: OfflineAction[] }>();
    const of = (scope: string) => {
      let user = users.get(scope);
      if (!user) users.set(scope, (user = { pending: [], inFlight: [], failed: [] }));
      return user;
    };
    for (const action of this.#pending) (action.status === 'syncing' ? of(action.scope).inFlight : of(action.scope).pending).push(action);
    for (const action of this.#failed) of(action.scope).failed.push(action);
    const list: OfflineUserState[] = [...users].map(([scope, user]) => ({ scope, ...user }));
    return { users: list, syncing: this.#syncing, lastSyncedAt: this.#lastSyncedAt, unsaved: this.#unsaved };
  }

  destroy(): void {
    this.#subscription.unsubscribe();
  }
}
