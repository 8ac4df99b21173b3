import { BehaviorSubject, Observable } from 'rxjs';
import { type CacheHubError } from '../../hub/cache-hub-error';
import { exponentialBackoff } from '../../hub/retry-delay';
import { MemoryQueueStorage } from '../memory-queue-storage';
import { OfflineQueue, OfflineQueueOptions } from '../offline-queue';
import { SingleTabCoordinator } from '../single-tab-coordinator';
import { FakeCacheBridge } from './fake-cache-bridge';

/** A queue under test with its fakes. */
export interface QueueUnderTest {
  readonly queue: OfflineQueue;
  readonly bridge: FakeCacheBridge;
  readonly online$: BehaviorSubject<boolean>;
  readonly errors: CacheHubError[];
}

/**
 * A queue with test defaults: memory storage, a single tab, user `alice`, online, backoff without
 * jitter (1 s doubling), and its errors collected. Anything can be overridden.
 */
export function startQueue(options: Partial<OfflineQueueOptions> & { online$?: BehaviorSubject<boolean> } = {}): QueueUnderTest {
  const bridge = options.bridge instanceof FakeCacheBridge ? options.bridge : new FakeCacheBridge();
  const online$ = options.online$ ?? new BehaviorSubject(true);
  const queue = new OfflineQueue({
    storage: new MemoryQueueStorage(),
    coordinator: new SingleTabCoordinator(),
    scope: () => 'alice',
    backoff: exponentialBackoff({ jitter: false }),
    ...options,
    bridge,
    online$,
  });
  const errors: CacheHubError[] = [];
  queue.errors$.subscribe((error) => errors.push(error));
  return { queue, bridge, online$, errors };
}

/** The value an Observable holds now (it must emit on subscribe). */
export function current<T>(source: Observable<T>): T {
  let value: { v: T } | undefined;
  source.subscribe((v) => (value = { v })).unsubscribe();
  if (!value) throw new Error('the observable did not emit on subscribe');
  return value.v;
}

/** Sequential ids (`a1`, `a2`, ...) so tests can name actions. */
export function sequentialIds(prefix = 'a'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}
