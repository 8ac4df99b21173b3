import fc from 'fast-check';
import { Observable, Subscription } from 'rxjs';
import { CacheHub } from './cache-hub';

describe('CacheHub properties', () => {
  it('LRU eviction never evicts an observed entry', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ kind: fc.constant('observe' as const), key: fc.integer({ min: 0, max: 15 }) }),
      fc.record({ kind: fc.constant('release' as const), key: fc.integer({ min: 0, max: 15 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 80 }), (maxEntries, ops) => {
        const hub = new CacheHub({ maxEntries });
        const observed = new Map<string, Subscription>();
        const mustHold = new Set<string>();
        for (const { kind, key: n } of ops) {
          const key = `k:${n}`;
          if (kind === 'set') {
            hub.set(key, n);
            if (observed.has(key)) mustHold.add(key);
          } else if (kind === 'get') hub.getValue(key);
          else if (kind === 'observe' && !observed.has(key)) {
            observed.set(key, hub.watch(key).subscribe());
            if (hub.has(key)) mustHold.add(key);
          } else if (kind === 'release') {
            observed.get(key)?.unsubscribe();
            observed.delete(key);
            mustHold.delete(key);
          }
          for (const key of mustHold) expect(hub.has(key)).toBe(true);
          const unobservedHeld = hub.keys().filter((k) => !observed.has(k)).length;
          expect(unobservedHeld).toBeLessThanOrEqual(maxEntries);
        }
        observed.forEach((s) => s.unsubscribe());
        hub.destroy();
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps entries in least-recently-used order, as a model of the rules says', () => {
    const op = fc.record({ kind: fc.constantFrom('set', 'get', 'observe', 'release', 'delete'), key: fc.integer({ min: 0, max: 7 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(op, { maxLength: 60 }), (maxEntries, ops) => {
        const hub = new CacheHub({ maxEntries });
        // The model: keys oldest first, with how many observe each and whether each holds a value.
        const order: { key: string; observers: Subscription[]; hasValue: boolean }[] = [];
        const find = (key: string) => order.find((entry) => entry.key === key);
        const moveToNewest = (entry: (typeof order)[number]) => order.push(...order.splice(order.indexOf(entry), 1));
        const evictOverflow = (written?: (typeof order)[number]) => {
          for (const entry of [...order]) {
            if (order.length <= maxEntries) return;
            if (entry !== written && entry.observers.length === 0) order.splice(order.indexOf(entry), 1);
          }
        };
        for (const { kind, key: n } of ops) {
          const key = `k:${n}`;
          let entry = find(key);
          if (kind === 'set') {
            hub.set(key, n);
            if (!entry) order.push((entry = { key, observers: [], hasValue: true }));
            entry.hasValue = true;
            if (entry.observers.length === 0) moveToNewest(entry);
            evictOverflow(entry);
          } else if (kind === 'get') {
            hub.getValue(key);
            if (entry?.hasValue) moveToNewest(entry);
          } else if (kind === 'observe') {
            const subscription = hub.watch(key).subscribe();
            if (!entry) order.push((entry = { key, observers: [], hasValue: false }));
            entry.observers.push(subscription);
          } else if (kind === 'release' && entry && entry.observers.length > 0) {
            entry.observers.pop()!.unsubscribe();
            if (entry.observers.length === 0) {
              moveToNewest(entry);
              if (!entry.hasValue) order.splice(order.indexOf(entry), 1);
              else evictOverflow();
            }
          } else if (kind === 'delete') {
            hub.delete(key);
            if (entry && entry.observers.length > 0) {
              entry.hasValue = false;
              evictOverflow(entry);
            } else if (entry) order.splice(order.indexOf(entry), 1);
          }
          expect(hub.inspect().map((snapshot) => snapshot.key)).toEqual(order.map((entry) => entry.key));
        }
        order.forEach((entry) => entry.observers.forEach((subscription) => subscription.unsubscribe()));
        hub.destroy();
      }),
      { numRuns: 1000 },
    );
  });

  it('N concurrent fetches of one key subscribe to the source once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.boolean(), (callers, cachedBefore) => {
        const hub = new CacheHub();
        if (cachedBefore) hub.set('a:1', 'stale');
        let subscriptions = 0;
        let emit: (v: string) => void = () => undefined;
        const source = new Observable<string>((subscriber) => {
          subscriptions++;
          emit = (v) => {
            subscriber.next(v);
            subscriber.complete();
          };
        });
        const received: string[][] = [];
        const subs = Array.from({ length: callers }, (_, i) => {
          received[i] = [];
          return hub.fetch('a:1', () => source).subscribe((v) => received[i].push(v));
        });
        emit('fresh');
        expect(subscriptions).toBe(1);
        received.forEach((values) => expect(values.at(-1)).toBe('fresh'));
        subs.forEach((s) => s.unsubscribe());
        hub.destroy();
      }),
    );
  });
});
