import fc from 'fast-check';
import { BehaviorSubject } from 'rxjs';
import { exponentialBackoff } from 'ngx-cache-hub';
import { MemoryQueueStorage } from './memory-queue-storage';
import type { OfflineQueue } from './offline-queue';
import { Fault, FakeServer } from './testing-internal/fake-server';
import { flushAsyncWork } from './testing-internal/flush-async-work';
import { current, startQueue } from './testing-internal/queue-test-kit';

type Step =
  | { readonly kind: 'enqueue' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'online' }
  | { readonly kind: 'reload' } // the tab dies (maybe mid-request) and a new one opens over the same storage
  | { readonly kind: 'wait'; readonly ms: number }
  | { readonly kind: 'fault'; readonly fault: Fault }; // the next request goes wrong this way

const faults = fc.constantFrom<Fault>(
  { kind: 'network' },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, headers: { 'Retry-After': '2' } },
  { kind: 'lost-response' }, // applied on the server, the answer never arrives
  { kind: 'status', status: 422 }, // permanent
);

const steps: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'enqueue' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'offline' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'online' } as const) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reload' } as const) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.oneof(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 5000 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: faults }) },
);

describe('OfflineQueue (property)', () => {
  const settle = () => flushAsyncWork(2);
  const waitFor = async (ms: number) => {
    await jest.advanceTimersByTimeAsync(ms);
    await settle();
  };

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ends every action exactly once synced or failed, in FIFO order, none lost or duplicated, whatever the network and reloads do', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(steps, { maxLength: 40 }), async (script) => {
        jest.clearAllTimers();
        const server = new FakeServer();
        const storage = new MemoryQueueStorage();
        const online$ = new BehaviorSubject(true);
        const handlers = { 'stock/update': server.handler<{ n: number }>('stock/update', { optimistic: (p) => [{ key: `n${p.n}`, update: () => p.n }] }) };
        const open = (): OfflineQueue => startQueue({ storage, handlers, online$, backoff: exponentialBackoff({ jitter: false, maxMs: 4000 }) }).queue;
        const enqueued: string[] = [];
        let queue = open();
        try {
          for (const step of script) {
            if (step.kind === 'enqueue') enqueued.push((await queue.enqueue({ type: 'stock/update', payload: { n: enqueued.length } })).id);
            if (step.kind === 'offline' || step.kind === 'online') online$.next(step.kind === 'online');
            if (step.kind === 'fault') server.willFail(step.fault);
            if (step.kind === 'wait') await jest.advanceTimersByTimeAsync(step.ms);
            if (step.kind === 'reload') {
              queue.dispose();
              queue = open();
            }
            await settle();
            const listed = [...current(queue.pending$), ...current(queue.failed$)].map((a) => a.id);
            expect(new Set(listed).size).toBe(listed.length); // never duplicated
          }

          online$.next(true);
          for (let i = 0; i < 60 && current(queue.pending$).length > 0; i++) await waitFor(5000);
          await waitFor(5000); // requests of dead tabs land too
          queue.dispose();
          queue = open(); // what storage says after one more reload
          await settle();

          const failed = current(queue.failed$).map((a) => a.id);
          const synced = enqueued.filter((id) => !failed.includes(id));
          expect(current(queue.pending$)).toEqual([]);
          expect(failed.every((id) => enqueued.includes(id))).toBe(true); // nothing foreign appears
          expect(failed.filter((id) => server.applied.has(id))).toEqual([]); // a failed action was not applied
          expect(synced.map((id) => server.applied.get(id))).toEqual(synced.map(() => 1)); // exactly once
          expect(server.appliedLog.map((entry) => entry.key)).toEqual(synced); // in enqueue order
        } finally {
          queue.dispose();
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
