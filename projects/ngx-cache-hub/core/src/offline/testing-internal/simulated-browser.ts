import { IDBFactory } from 'fake-indexeddb';
import { BehaviorSubject, Subject } from 'rxjs';
import { CacheHubErrorCode } from '../../hub/cache-hub-error';
import { exponentialBackoff } from '../../hub/retry-delay';
import { IndexedDbQueueStorage } from '../indexeddb-queue-storage';
import type { OfflineAction } from '../offline-action';
import type { OfflineActionContext } from '../offline-action-handler';
import { OfflineQueue } from '../offline-queue';
import type { EnqueueInput } from '../offline-queue-options';
import { isRemapRecord } from '../remap-records';
import { WebLocksCoordinator } from '../web-locks-coordinator';
import { FakeBroadcastNetwork } from './fake-broadcast-network';
import { FakeCacheBridge } from './fake-cache-bridge';
import { FakeLockManager } from './fake-lock-manager';
import { FakeHttpError, FakeServer } from './fake-server';
import type { DiskState, EnqueueOp } from './fault-schedule';
import { TabStorage } from './tab-storage';

// Node's own setImmediate: fake-indexeddb runs on it, jest's fake timers do not touch it.
const { setImmediate: realSetImmediate } = jest.requireActual<typeof import('timers')>('timers');

/** What the test knows of one `enqueue()` call. */
export interface EnqueueRecord {
  readonly id: string;
  /** The user signed in at the call. */
  readonly user: string;
  /** Which queue object (tab lifetime) it was called on. */
  readonly instance: number;
  readonly calledAt: number;
  /** Logical time `enqueue()` resolved with `durable: true`. */
  durableAt?: number;
  /** Logical time `enqueue()` resolved, durable or not. */
  settledAt?: number;
  /** For a create or an update of the reused temp id: which, and that temp id. */
  readonly reused?: { readonly op: 'create' | 'update'; readonly tempId: string };
}

/** One open tab: its queue over its own connection to the shared database. */
interface Tab {
  readonly instance: number;
  readonly queue: OfflineQueue;
  readonly storage: TabStorage;
  readonly online$: BehaviorSubject<boolean>;
  readonly scopeChanges$: Subject<void>;
  /** `enqueue()` calls not settled yet. */
  enqueuing: number;
  /** How far this tab's clock is from the true time, ms (set back or ahead). */
  readonly clock: { offsetMs: number };
}

/**
 * Several tabs of one browser: one IndexedDB (fake-indexeddb), one lock manager, one broadcast
 * network whose notices arrive late, one cookie jar (the signed-in user), one disk that can fill
 * or break, and one idempotent server that remembers refusals and rejects ids it does not know.
 */
export class SimulatedBrowser {
  readonly server = new FakeServer(true);
  readonly factory = new IDBFactory();
  readonly network = new FakeBroadcastNetwork();
  readonly locks = new FakeLockManager();
  readonly tabs: Tab[] = [];
  readonly enqueues = new Map<string, EnqueueRecord>();
  /** NCH302 reports of every tab, as JSON of what they quarantined. */
  readonly quarantineReports: string[] = [];
  /** What tabs quarantined in a transaction that finished after they died: nobody is left to report it. */
  readonly unreportable: string[] = [];
  /** Markers of the garbage planted, by user. */
  readonly garbage: { user: string; marker: string }[] = [];
  /** Creates enqueued so far, by temp id: a tab can only refer to one it enqueued itself or saw stored. */
  private readonly creates = new Map<string, { readonly user: string | null; readonly instance: number; readonly id?: string }>();
  /** Handler calls that got an already-aborted signal, or a `ctx.scope` other than the action's user. */
  readonly badStarts: string[] = [];
  disk: DiskState = 'ok';
  user: string | null = 'alice';
  private clock = 0;
  private instances = 0;
  /** What the next generated action id is for (set just before `enqueue()`, read by `generateId`). */
  private nextReused?: EnqueueRecord['reused'];
  private database?: Promise<IDBDatabase>;

  constructor(tabs: number, noticeDelayMs: number) {
    this.network.delayMs = noticeDelayMs;
    for (let i = 0; i < tabs; i++) this.tabs.push(this.open());
  }

  /** Starts an `enqueue()` in tab `index` (not awaited: other steps go on meanwhile). */
  enqueue(index: number, op: EnqueueOp): void {
    const tab = this.tabs[index % this.tabs.length];
    const user = this.user;
    const n = this.clock + 1;
    /** Whether tab can know of a create: it enqueued it itself, or it was stored before. */
    const knows = (c: { readonly instance: number; readonly id?: string }) =>
      c.instance === tab.instance || (c.id !== undefined && this.enqueues.get(c.id)?.durableAt !== undefined);
    const known = [...this.creates].filter(([, c]) => c.user === user && knows(c)).map(([tempId]) => tempId);
    const reusedTempId = `tmp-r-${user}`;
    const reusable = [...this.enqueues.values()].some((e) => e.reused?.op === 'create' && e.user === user && knows(e));
    if ((op === 'update-temp' && !known.length) || (op === 'update-reused' && !reusable)) op = 'update';
    const input: EnqueueInput =
      op === 'create'
        ? { type: 'products/create', payload: { tempId: `tmp-${n}` } }
        : op === 'create-reused'
          ? { type: 'products/create', payload: { tempId: reusedTempId } }
          : op === 'update-temp' || op === 'update-reused'
            ? { type: 'products/update', payload: { id: op === 'update-temp' ? known[n % known.length] : reusedTempId, n } }
            : { type: 'stock/update', payload: { sku: `s${n}` } };
    if (op === 'create') this.creates.set(`tmp-${n}`, { user, instance: tab.instance, ...(user !== null ? { id: `e${n}` } : {}) });
    this.nextReused = op === 'create-reused' ? { op: 'create', tempId: reusedTempId } : op === 'update-reused' ? { op: 'update', tempId: reusedTempId } : undefined;
    tab.enqueuing++;
    const enqueued = tab.queue.enqueue(input); // its id is generated before it first awaits
    this.nextReused = undefined;
    enqueued.then(
      (action) => {
        tab.enqueuing--;
        const record = this.enqueues.get(action.id);
        if (record) record.settledAt = ++this.clock;
        if (record && action.durable) record.durableAt = record.settledAt;
      },
      (error: { code?: number }) => {
        tab.enqueuing--;
        // Nobody signed in, or the tab died meanwhile: nothing was promised.
        if (error.code !== CacheHubErrorCode.NoUserScope && error.code !== CacheHubErrorCode.HubDestroyed) throw error;
      },
    );
  }

  /** Signs `user` in, in every tab at once; each tab hears of it 0-30 ms later. */
  switchUser(user: string | null, delays: readonly number[] = [0, 7, 30]): void {
    this.user = user;
    this.tabs.forEach((tab, i) => setTimeout(() => tab.scopeChanges$.next(), delays[i % delays.length]));
  }

  /** Tab `index` dies (its storage calls never settle, its requests in flight still land) and opens again. */
  reload(index: number): void {
    const slot = index % this.tabs.length;
    const dead = this.tabs[slot];
    dead.storage.dead = true;
    dead.queue.destroy();
    this.tabs[slot] = this.open();
  }

  /** Sets tab `index`'s clock `offsetMs` from the true time (a reloaded tab starts on the true time). */
  setClock(index: number, offsetMs: number): void {
    this.tabs[index % this.tabs.length].clock.offsetMs = offsetMs;
  }

  setOnline(index: number, online: boolean): void {
    this.tabs[index % this.tabs.length].online$.next(online);
  }

  /** Plants garbage for `user`: a bad action, a non-list quarantine (with a bad action), or a whole bad record. */
  async plantGarbage(user: string, where: 'action' | 'quarantine' | 'record'): Promise<void> {
    const marker = (what: string) => `#g${this.garbage.length}${what}#`;
    const db = await this.db();
    const tx = db.transaction(['queues', 'quarantine'], 'readwrite');
    const queues = tx.objectStore('queues');
    const record: unknown = await request(queues.get(user));
    const quarantine: unknown = await request(tx.objectStore('quarantine').get(user));
    const planted: string[] = [];
    if (where === 'record') {
      if (record !== undefined) return;
      planted.push(marker('r'));
      queues.put(planted[0], user);
    } else {
      if (where === 'quarantine' && quarantine !== undefined) return;
      const envelope = record ?? { format: 'ngx-cache-hub/offline-queue', version: 1, scope: user, actions: [] };
      const actions = (envelope as { actions?: unknown }).actions;
      if (!Array.isArray(actions)) return;
      planted.push(marker('a'));
      queues.put({ ...(envelope as object), actions: [...actions, { garbage: planted[0] }] }, user);
      if (where === 'quarantine') {
        planted.push(marker('q'));
        tx.objectStore('quarantine').put({ garbage: planted[1] }, user);
      }
    }
    for (const m of planted) this.garbage.push({ user, marker: m });
    await new Promise((resolve) => (tx.oncomplete = resolve));
  }

  /** The actions stored for `user`, read raw (nothing is quarantined by reading). */
  async storedActions(user: string): Promise<OfflineAction[]> {
    const db = await this.db();
    const raw = (await request(db.transaction('queues').objectStore('queues').get(user))) as { actions?: unknown } | undefined;
    const actions = Array.isArray(raw?.actions) ? (raw.actions as OfflineAction[]) : [];
    return actions.filter((a) => typeof a?.type === 'string' && !isRemapRecord(a));
  }

  /** What is quarantined for `user`, as JSON. */
  async quarantinedJson(user: string): Promise<string> {
    const db = await this.db();
    return JSON.stringify((await request(db.transaction('quarantine').objectStore('quarantine').get(user))) ?? null);
  }

  /** Event-loop turns without moving the clock: IndexedDB and promise chains make progress. */
  async ticks(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      jest.advanceTimersByTime(0);
      await new Promise<void>((resolve) => realSetImmediate(resolve));
    }
  }

  /**
   * Lets `ms` of fake time pass in slices, with event-loop turns in between (the clock is moved
   * synchronously: the async variant yields a real millisecond per timer, far too slow here).
   */
  async wait(ms: number, slice = 25): Promise<void> {
    for (let done = 0; done < ms; done += slice) {
      jest.advanceTimersByTime(Math.min(slice, ms - done));
      await this.ticks(2);
    }
  }

  destroy(): void {
    for (const tab of this.tabs) tab.queue.destroy();
    void this.database?.then((db) => db.close());
  }

  private open(): Tab {
    const instance = ++this.instances;
    const storage = new TabStorage(
      new IndexedDbQueueStorage({ indexedDB: this.factory }),
      () => this.disk,
      (records) => this.unreportable.push(JSON.stringify(records)),
    );
    const online$ = new BehaviorSubject(true);
    const scopeChanges$ = new Subject<void>();
    const credentials = (context: OfflineActionContext) => {
      if (context.signal.aborted) this.badStarts.push(`${context.idempotencyKey} started aborted`);
      if (context.scope !== this.enqueues.get(context.idempotencyKey)?.user) this.badStarts.push(`${context.idempotencyKey} in ctx as ${context.scope}`);
      return this.user ?? undefined; // read when the request leaves, like an interceptor
    };
    const server = this.server;
    const notFound = (p: { id?: unknown }) => (typeof p.id === 'string' && p.id.startsWith('tmp-') ? new FakeHttpError(404) : undefined);
    const clock = { offsetMs: 0 };
    const queue = new OfflineQueue({
      now: () => Date.now() + clock.offsetMs,
      bridge: new FakeCacheBridge(),
      scope: () => this.user,
      scopeChanges$,
      storage,
      coordinator: new WebLocksCoordinator({ locks: this.locks, broadcastChannel: this.network.factory, tabId: `tab-${instance}` }),
      online$,
      backoff: exponentialBackoff({ jitter: false, maxMs: 4000 }),
      generateId: () => {
        const id = `e${++this.clock}`;
        this.enqueues.set(id, { id, user: this.user as string, instance, calledAt: this.clock, ...(this.nextReused ? { reused: this.nextReused } : {}) });
        return id;
      },
      handlers: {
        'stock/update': server.handler('stock/update', { credentials }),
        'products/create': server.handler('products/create', { creates: 'products', credentials }),
        'products/update': server.handler<{ id?: unknown }>('products/update', { credentials, refuses: notFound }),
      },
    });
    queue.errors$.subscribe((error) => {
      if (error.code === CacheHubErrorCode.CorruptStoredQueue) this.quarantineReports.push(JSON.stringify(error.cause));
    });
    return { instance, queue, storage, online$, scopeChanges$, enqueuing: 0, clock };
  }

  private db(): Promise<IDBDatabase> {
    return (this.database ??= new Promise((resolve) => {
      const opening = this.factory.open('ngx-cache-hub-offline', 1);
      opening.onupgradeneeded = () => {
        opening.result.createObjectStore('queues');
        opening.result.createObjectStore('quarantine');
      };
      opening.onsuccess = () => resolve(opening.result);
    }));
  }
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}
