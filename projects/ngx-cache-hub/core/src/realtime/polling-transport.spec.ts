import { CacheHubErrorCode } from '../hub/cache-hub-error';
import { pollingTransport } from './polling-transport';
import type { TransportSession } from './realtime-transport';
import { fakeFetch, jsonResponse } from './testing-internal/fake-fetch';

const INTERVAL_MS = 1000;
const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);
const answerPoll = () => elapse(0);
const nextPoll = () => elapse(INTERVAL_MS);

describe('pollingTransport', () => {
  const opened = jest.fn();
  const session = (overrides: Partial<TransportSession> = {}): TransportSession => ({
    entityTypes: ['product', 'order'],
    opened,
    ...overrides,
  });

  beforeEach(() => {
    jest.useFakeTimers();
    opened.mockReset();
  });
  afterEach(() => jest.useRealTimers());

  it('polls at once with since and types, then every intervalMs from the seq of the last answer', async () => {
    const { fetch, calls } = fakeFetch(
      () => jsonResponse({ seq: 12, frames: [{ type: 'PING' }] }),
      () => jsonResponse({ seq: 15, frames: [] }),
      () => jsonResponse({ frames: [] }),
    );
    const frames: unknown[] = [];
    const subscription = pollingTransport({ url: '/poll', intervalMs: INTERVAL_MS, fetch })
      .connect(session({ lastEventId: 'e1:7', token: 't' }))
      .subscribe((frame) => frames.push(frame));
    await answerPoll();
    expect(calls.map((call) => call.url)).toEqual(['/poll?since=e1%3A7&types=product%2Corder']);
    expect(calls[0].headers['Authorization']).toBe('Bearer t');
    expect(frames).toEqual([{ type: 'PING' }]);
    await nextPoll();
    await nextPoll();
    await nextPoll();
    expect(calls.map((call) => call.query.get('since'))).toEqual(['e1:7', '12', '15', '15']);
    subscription.unsubscribe();
  });

  it('reports the connection open after the first answer only', async () => {
    const { fetch } = fakeFetch(() => jsonResponse({ seq: 1, frames: [] }));
    const subscription = pollingTransport({ url: '/poll', intervalMs: INTERVAL_MS, fetch }).connect(session()).subscribe();
    expect(opened).not.toHaveBeenCalled();
    await answerPoll();
    await nextPoll();
    expect(opened).toHaveBeenCalledTimes(1);
    subscription.unsubscribe();
  });

  it('waits for an answer before scheduling the next poll', async () => {
    const { fetch, calls } = fakeFetch(() => new Promise<Response>(() => undefined));
    const subscription = pollingTransport({ url: '/poll', intervalMs: INTERVAL_MS, fetch }).connect(session()).subscribe();
    await elapse(5 * INTERVAL_MS);
    expect(calls).toHaveLength(1);
    subscription.unsubscribe();
  });

  it('errors with TransportFailed on a non-2xx answer', async () => {
    const { fetch } = fakeFetch(() => jsonResponse({}, 503));
    const error = jest.fn();
    pollingTransport({ url: '/poll', fetch }).connect(session()).subscribe({ error });
    await answerPoll();
    expect(error.mock.calls[0][0]).toMatchObject({ code: CacheHubErrorCode.TransportFailed });
  });

  it.each([
    ['no frames array', { seq: 1 }],
    ['a seq that is not a number', { seq: '1', frames: [] }],
    ['null', null],
  ])('errors with MalformedFrame on an answer with %s', async (_, body) => {
    const { fetch } = fakeFetch(() => jsonResponse(body));
    const error = jest.fn();
    pollingTransport({ url: '/poll', fetch }).connect(session()).subscribe({ error });
    await answerPoll();
    expect(error.mock.calls[0][0]).toMatchObject({ code: CacheHubErrorCode.MalformedFrame });
  });

  it('stops polling and aborts the request in flight on unsubscribe, leaving no timer', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse({ seq: 1, frames: [] }));
    const subscription = pollingTransport({ url: '/poll', intervalMs: INTERVAL_MS, fetch }).connect(session()).subscribe();
    await answerPoll();
    subscription.unsubscribe();
    expect(jest.getTimerCount()).toBe(0);
    await elapse(5 * INTERVAL_MS);
    expect(calls).toHaveLength(1);
    expect(calls[0].init.signal?.aborted).toBe(true);
  });
});
