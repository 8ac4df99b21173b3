import { SseMessage } from './sse-message';
import { CacheHubError, CacheHubErrorCode } from '../hub/cache-hub-error';
import type { TransportSession } from './realtime-transport';
import { sseTransport } from './sse-transport';
import { FakeEventSource } from './testing-internal/fake-event-source';

describe('sseTransport', () => {
  const opened = jest.fn();
  const session = (overrides: Partial<TransportSession> = {}): TransportSession => ({
    entityTypes: ['product', 'order'],
    opened,
    ...overrides,
  });
  const transport = () => sseTransport({ url: '/api/events', EventSourceCtor: FakeEventSource });

  beforeEach(() => {
    FakeEventSource.instances = [];
    opened.mockReset();
  });

  it('is one-way', () => {
    expect(transport().duplex).toBe(false);
  });

  it('puts the types, the last seq and the token in the URL', () => {
    transport()
      .connect(session({ lastEventId: 'e1:42', token: 'secret' }))
      .subscribe();
    const { query } = FakeEventSource.latest();
    expect(query.get('types')).toBe('product,order');
    expect(query.get('lastEventId')).toBe('e1:42');
    expect(query.get('token')).toBe('secret');
  });

  it('leaves lastEventId and token out when there are none', () => {
    transport().connect(session()).subscribe();
    expect(FakeEventSource.latest().url).toBe('/api/events?types=product%2Corder');
  });

  it('passes withCredentials to EventSource', () => {
    sseTransport({ url: '/e', withCredentials: true, EventSourceCtor: FakeEventSource }).connect(session()).subscribe();
    expect(FakeEventSource.latest().init).toEqual({ withCredentials: true });
  });

  it('reports the stream open and passes message data on', () => {
    const frames: unknown[] = [];
    transport()
      .connect(session())
      .subscribe((frame) => frames.push(frame));
    const source = FakeEventSource.latest();
    source.open();
    source.emit('{"type":"PING"}');
    expect(opened).toHaveBeenCalledTimes(1);
    expect(frames).toEqual([new SseMessage('message', { type: 'PING' })]);
  });

  it('hands on the named events listed in events as { event, data }, and no others', () => {
    const frames: unknown[] = [];
    const subscription = sseTransport({ url: '/e', events: ['stock_updated', 'message', 'error'], EventSourceCtor: FakeEventSource })
      .connect(session())
      .subscribe((frame) => frames.push(frame));
    const source = FakeEventSource.latest();
    source.emitNamed('stock_updated', '{"sku":"a","stock":3}');
    source.emitNamed('stock_updated', 'not json');
    source.emitNamed('order_shipped', '{"id":1}');
    expect(frames).toEqual([
      { event: 'stock_updated', data: { sku: 'a', stock: 3 } },
      { event: 'stock_updated', data: 'not json' },
    ]);
    expect([...source.listeners.keys()]).toEqual(['stock_updated']);
    subscription.unsubscribe();
    expect(source.listeners.get('stock_updated')?.size).toBe(0);
  });

  it('closes the source and errors on the first error instead of letting the browser retry', () => {
    const error = jest.fn();
    transport().connect(session()).subscribe({ error });
    FakeEventSource.latest().fail();
    expect(FakeEventSource.latest().closed).toBe(true);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ code: CacheHubErrorCode.TransportFailed }));
  });

  it('closes the source and detaches its handlers on unsubscribe', () => {
    transport().connect(session()).subscribe().unsubscribe();
    const source = FakeEventSource.latest();
    expect(source.closed).toBe(true);
    expect([source.onopen, source.onmessage, source.onerror]).toEqual([null, null, null]);
  });

  it('fails with a clear error where EventSource does not exist', () => {
    const error = jest.fn();
    sseTransport({ url: '/e' }).connect(session()).subscribe({ error });
    expect(error).toHaveBeenCalledWith(expect.any(CacheHubError));
    expect(error.mock.calls[0][0].message).toMatch(/EventSource is not available/);
  });
});
