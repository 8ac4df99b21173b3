import { Observable, Subject, filter, map } from 'rxjs';

import { isPlainRecord } from './json-payload';
import type { EntityRemap, QueueChangeNotice } from './tab-coordinator';

/** The part of `BroadcastChannel` the coordinators use. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

/** Opens a channel by name; `(name) => new BroadcastChannel(name)` in browsers. */
export type BroadcastChannelFactory = (name: string) => BroadcastChannelLike;

/** The coordinators' messages between tabs. */
export type TabMessageKind = 'claim' | 'heartbeat' | 'resign' | 'changed';

/** A validated message from another tab. */
export interface TabMessage {
  readonly kind: TabMessageKind;
  readonly from: string;
  readonly remaps?: readonly EntityRemap[];
}

const NAMESPACE = 'ngx-cache-hub/offline';
const KINDS = new Set<string>(['claim', 'heartbeat', 'resign', 'changed']);

/** The name of a scope's channel and Web Lock. */
export function coordinationName(scope: string): string {
  return `ngx-cache-hub:offline:${scope}`;
}

/** The browser's `BroadcastChannel` as a factory, or `undefined` where there is none. Read lazily. */
export function globalBroadcastChannel(): BroadcastChannelFactory | undefined {
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => BroadcastChannelLike }).BroadcastChannel;
  return Channel ? (name) => new Channel(name) : undefined;
}

/** Posts one change notice on `scope`'s channel, for a tab that is not in the scope. */
export function postChangeNotice(factory: BroadcastChannelFactory | undefined, scope: string, tabId: string, notice?: QueueChangeNotice): void {
  if (!factory) return;
  const channel = new TabChannel(factory, scope, tabId);
  channel.post('changed', notice);
  channel.close();
}

/**
 * A `BroadcastChannel` that stamps messages with this tab's id, ignores its own and drops
 * anything that is not a well-formed coordinator message.
 */
export class TabChannel {
  private readonly incoming = new Subject<TabMessage>();
  private readonly channel: BroadcastChannelLike;
  /** Messages from other tabs. */
  readonly messages$: Observable<TabMessage> = this.incoming.asObservable();
  /** Change notices from other tabs. */
  readonly changes$: Observable<QueueChangeNotice> = this.messages$.pipe(
    filter((message) => message.kind === 'changed'),
    map((message) => (message.remaps ? { remaps: message.remaps } : {})),
  );

  constructor(
    factory: BroadcastChannelFactory,
    scope: string,
    private readonly tabId: string,
  ) {
    this.channel = factory(coordinationName(scope));
    this.channel.onmessage = (event) => {
      const message = readMessage(event.data);
      if (message && message.from !== this.tabId) this.incoming.next(message);
    };
  }

  post(kind: TabMessageKind, notice: QueueChangeNotice = {}): void {
    this.channel.postMessage({ ns: NAMESPACE, from: this.tabId, kind, ...(notice.remaps?.length ? { remaps: notice.remaps } : {}) });
  }

  close(): void {
    this.channel.onmessage = null;
    this.channel.close();
    this.incoming.complete();
  }
}

function readMessage(data: unknown): TabMessage | null {
  if (!isPlainRecord(data) || data['ns'] !== NAMESPACE) return null;
  const { kind, from, remaps } = data;
  if (typeof kind !== 'string' || !KINDS.has(kind) || typeof from !== 'string') return null;
  if (remaps === undefined) return { kind: kind as TabMessageKind, from };
  return Array.isArray(remaps) && remaps.every(isRemap) ? { kind: kind as TabMessageKind, from, remaps } : null;
}

function isRemap(value: unknown): value is EntityRemap {
  return (
    isPlainRecord(value) &&
    typeof value['entityType'] === 'string' &&
    typeof value['tempId'] === 'string' &&
    (typeof value['serverId'] === 'string' || typeof value['serverId'] === 'number')
  );
}
