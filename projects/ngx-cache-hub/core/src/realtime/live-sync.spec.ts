import { Observable } from 'rxjs';
import { CacheHub } from '../hub/cache-hub';
import { EntityStore } from '../entity/entity-store';
import type { ClientFrame } from './protocol';
import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { LiveSync, type EntityEventSink } from './live-sync';
import { RealtimeClient } from './realtime-client';
import type { RealtimeTransport } from './realtime-transport';

const LINGER_MS = 1000;

describe('LiveSync', () => {
  let sent: ClientFrame[];
  let hub: CacheHub;
  let client: RealtimeClient;
  let sync: LiveSync;

  beforeEach(() => {
    jest.useFakeTimers();
    sent = [];
    const transport: RealtimeTransport = {
      duplex: true,
      connect: (session) => new Observable(() => session.opened()),
      send: (frame) => sent.push(frame),
    };
    hub = new CacheHub();
    client = new RealtimeClient({ transport, heartbeatTimeoutMs: 0 });
    sync = new LiveSync(hub, new EntityStore(hub), client, { lingerMs: LINGER_MS });
  });

  afterEach(() => {
    sync.destroy();
    client.close();
    hub.destroy();
    jest.useRealTimers();
  });

  const subscribes = () => sent.filter((frame) => frame.type === 'SUBSCRIBE').length;

  it('connect() builds a client whose SUBSCRIBE resumes from what the rules say', async () => {
    const transport: RealtimeTransport = { duplex: true, connect: (session) => new Observable(() => session.opened()), send: (frame) => sent.push(frame) };
    const connected = LiveSync.connect(hub, new EntityStore(hub), { transport, heartbeatTimeoutMs: 0 });
    const resumeFrom = jest.spyOn(connected, 'resumeFrom');
    hub.watch('orders:detail-1').subscribe();
    await jest.advanceTimersByTimeAsync(0);
    expect(resumeFrom).toHaveBeenCalledWith('orders');
    expect(sent).toContainEqual(expect.objectContaining({ type: 'SUBSCRIBE', entityType: 'orders' }));
    connected.destroy();
    connected.client.close();
  });

  it('refuses a sink without push and flush with a clear InvalidOption error', () => {
    const sink = { push: () => undefined } as unknown as EntityEventSink;
    expect(() => new LiveSync(hub, new EntityStore(hub), client, { sink })).toThrow(
      expect.objectContaining({ code: CacheHubErrorCode.InvalidOption, message: expect.stringMatching(/sink must have push\(event\) and flush\(\)/) }),
    );
  });

  it('follows a type again after the client was closed', async () => {
    const first = hub.watch('products:detail-1').subscribe();
    await jest.advanceTimersByTimeAsync(0);
    expect(subscribes()).toBe(1);
    client.close();
    first.unsubscribe();
    hub.watch('products:detail-1').subscribe();
    await jest.advanceTimersByTimeAsync(0);
    expect(subscribes()).toBe(2);
  });

  it('keeps one linger timer however often the type is left unobserved, and stays followed while observed again', async () => {
    const a = hub.watch('products:detail-1').subscribe();
    await jest.advanceTimersByTimeAsync(0);
    a.unsubscribe();
    const b = hub.watch('products:detail-2').subscribe();
    b.unsubscribe();
    hub.watch('products:detail-1').subscribe();
    await jest.advanceTimersByTimeAsync(3 * LINGER_MS);
    expect(sync.followedTypes).toEqual(['products']);
    expect(sent.filter((frame) => frame.type === 'UNSUBSCRIBE')).toEqual([]);
  });
});
