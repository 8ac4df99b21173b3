import fc from 'fast-check';
import type { Fault } from './fake-server';

/** The users of a schedule; `null` is nobody signed in. */
export const USERS = ['alice', 'bob'] as const;

/** What the disk does: takes writes, refuses them (quota), or fails every call. */
export type DiskState = 'ok' | 'full' | 'broken';

/** One thing that happens to the tabs, the disk, the network or the server. */
export type Step =
  | { readonly kind: 'enqueue'; readonly tab: number; readonly op: EnqueueOp }
  | { readonly kind: 'switch'; readonly user: string | null } // in every tab at once; each hears of it a little later
  | { readonly kind: 'online'; readonly tab: number; readonly online: boolean }
  | { readonly kind: 'reload'; readonly tab: number } // the tab dies, maybe mid-await, and opens again over the same database
  | { readonly kind: 'disk'; readonly state: DiskState }
  | { readonly kind: 'garbage'; readonly user: string; readonly where: 'action' | 'quarantine' | 'record' }
  | { readonly kind: 'fault'; readonly fault: Fault } // the next request goes wrong this way
  | { readonly kind: 'ticks'; readonly n: number } // event-loop turns, no time: lands between any two awaits
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'clock'; readonly tab: number; readonly offsetMs: number }; // the tab's clock is set (back or ahead) by this much

/**
 * What an enqueue does: a plain update, a create of a new temp id, an update of a temp id the tab
 * knows, and a create or an update of the one temp id each user's app reuses (its counter restarts
 * with every page load: `tmp-r-<user>`).
 */
export type EnqueueOp = 'update' | 'create' | 'update-temp' | 'create-reused' | 'update-reused';

/** A whole schedule: how many tabs, how late notices arrive, and the steps. */
export interface Schedule {
  readonly tabs: number;
  readonly noticeDelayMs: number;
  readonly steps: readonly Step[];
}

const faults = fc.constantFrom<Fault>(
  { kind: 'network' },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, headers: { 'Retry-After': '1' } },
  { kind: 'lost-response' }, // applied, then the connection dropped
  { kind: 'in-progress', says: 'retry-after' },
  { kind: 'in-progress', says: 'body' },
  { kind: 'status', status: 422 }, // a real permanent error
);

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('enqueue' as const),
      tab: fc.nat(2),
      op: fc.constantFrom<EnqueueOp>('update', 'create', 'update-temp', 'create-reused', 'update-reused'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('switch' as const), user: fc.constantFrom<string | null>(...USERS, ...USERS, null) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('online' as const), tab: fc.nat(2), online: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reload' as const), tab: fc.nat(2) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('disk' as const), state: fc.constantFrom<DiskState>('ok', 'full', 'full', 'broken') }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('garbage' as const),
      user: fc.constantFrom(...USERS),
      where: fc.constantFrom('action' as const, 'quarantine' as const, 'record' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: faults }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('ticks' as const), n: fc.integer({ min: 1, max: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), tab: fc.nat(2), offsetMs: fc.constantFrom(-3_600_000, -60_000, -50, 0, 3_600_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 3000 })) }) },
);

/** Random schedules of 2-3 tabs over one database. */
export const schedules: fc.Arbitrary<Schedule> = fc.record({
  tabs: fc.integer({ min: 2, max: 3 }),
  noticeDelayMs: fc.integer({ min: 0, max: 60 }),
  steps: fc.array(step, { maxLength: 24 }),
});
