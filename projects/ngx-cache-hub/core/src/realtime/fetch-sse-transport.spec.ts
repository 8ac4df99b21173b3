import { SSE_HEARTBEAT, SseMessage } from './sse-message';
import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { fetchSseTransport } from './fetch-sse-transport';
import type { TransportSession } from './realtime-transport';
import { fakeFetch, jsonResponse, sseResponse } from './testing-internal/fake-fetch';

/** Lets the transport's read loop take what the test wrote. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('fetchSseTransport', () => {
  const opened = jest.fn();
  const session = (overrides: Partial<TransportSession> = {}): TransportSession => ({
    entityTypes: ['product'],
    opened,
    ...overrides,
  });

  beforeEach(() => opened.mockReset());

  it('sends the token as a bearer header and the last seq as Last-Event-ID', async () => {
    const stream = sseResponse();
    const { fetch, calls } = fakeFetch(() => stream.response);
    const subscription = fetchSseTransport({ url: '/api/events', fetch, headers: { 'X-Api': '2' } })
      .connect(session({ token: 'secret', lastEventId: 'e1:9' }))
      .subscribe();
    await settle();
    expect(calls[0].url).toBe('/api/events?types=product');
    expect(calls[0].headers).toEqual({
      'X-Api': '2',
      Accept: 'text/event-stream',
      Authorization: 'Bearer secret',
      'Last-Event-ID': 'e1:9',
    });
    subscription.unsubscribe();
  });

  it('leaves Authorization and Last-Event-ID out when there are none', async () => {
    const stream = sseResponse();
    const { fetch, calls } = fakeFetch(() => stream.response);
    const subscription = fetchSseTransport({ url: '/e', fetch }).connect(session()).subscribe();
    await settle();
    expect(calls[0].headers).toEqual({ Accept: 'text/event-stream' });
    subscription.unsubscribe();
  });

  it('reports the stream open and emits each message with its id, and comments as heartbeats, however it is chunked', async () => {
    const stream = sseResponse();
    const { fetch } = fakeFetch(() => stream.response);
    const frames: unknown[] = [];
    const subscription = fetchSseTransport({ url: '/e', fetch })
      .connect(session())
      .subscribe((f) => frames.push(f));
    await settle();
    expect(opened).toHaveBeenCalledTimes(1);
    stream.write('id: 1\ndata: {"type":');
    stream.write('"PING"}\n\nevent: other\ndata: skipped\n\n: comment\n\n');
    await settle();
    expect(frames).toEqual([new SseMessage('message', { type: 'PING' }, '1'), SSE_HEARTBEAT]);
    subscription.unsubscribe();
  });

  it('hands on the named events listed in events, and no others', async () => {
    const stream = sseResponse();
    const { fetch } = fakeFetch(() => stream.response);
    const frames: unknown[] = [];
    const subscription = fetchSseTransport({ url: '/e', fetch, events: ['stock_updated'] })
      .connect(session())
      .subscribe((f) => frames.push(f));
    await settle();
    stream.write('event: stock_updated\ndata: {"sku":"a"}\n\nevent: order_shipped\ndata: {"id":1}\n\ndata: {"type":"PING"}\n\n');
    await settle();
    expect(frames).toEqual([new SseMessage('stock_updated', { sku: 'a' }), new SseMessage('message', { type: 'PING' })]);
    subscription.unsubscribe();
  });

  it('completes when the server ends the stream', async () => {
    const stream = sseResponse();
    const { fetch } = fakeFetch(() => stream.response);
    const complete = jest.fn();
    fetchSseTransport({ url: '/e', fetch }).connect(session()).subscribe({ complete });
    await settle();
    stream.end();
    await settle();
    expect(complete).toHaveBeenCalled();
  });

  it('errors with TransportFailed on a non-2xx answer, without reporting the stream open', async () => {
    const { fetch } = fakeFetch(() => jsonResponse({}, 401));
    const error = jest.fn();
    fetchSseTransport({ url: '/e', fetch }).connect(session()).subscribe({ error });
    await settle();
    expect(opened).not.toHaveBeenCalled();
    expect(error.mock.calls[0][0]).toMatchObject({ code: CacheHubErrorCode.TransportFailed, message: expect.stringMatching(/401/) });
  });

  it('wraps a network failure in TransportFailed', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = jest.fn();
    fetchSseTransport({ url: '/e', fetch }).connect(session()).subscribe({ error });
    await settle();
    expect(error.mock.calls[0][0]).toMatchObject({
      code: CacheHubErrorCode.TransportFailed,
      message: expect.stringMatching(/Failed to fetch/),
    });
  });

  it('aborts the request and cancels the body on unsubscribe, without erroring', async () => {
    const stream = sseResponse();
    const { fetch, calls } = fakeFetch(() => stream.response);
    const error = jest.fn();
    const subscription = fetchSseTransport({ url: '/e', fetch }).connect(session()).subscribe({ error });
    await settle();
    subscription.unsubscribe();
    await settle();
    expect(calls[0].init.signal?.aborted).toBe(true);
    expect(stream.cancelled).toBe(true);
    expect(error).not.toHaveBeenCalled();
  });
});
