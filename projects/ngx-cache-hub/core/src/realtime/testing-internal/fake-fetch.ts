import { ReadableStream, type ReadableStreamDefaultController } from 'node:stream/web';

/** One recorded call of {@link fakeFetch}. */
export interface FetchCall {
  readonly url: string;
  readonly init: RequestInit;
  /** The query parameters of `url`. */
  readonly query: URLSearchParams;
  /** The request headers, as a plain object. */
  readonly headers: Record<string, string>;
}

/**
 * A fetch that records its calls and answers each one with the next queued responder;
 * a responder may return a promise that never settles to keep the request in flight.
 */
export function fakeFetch(...responders: ((call: FetchCall) => Response | Promise<Response>)[]) {
  const calls: FetchCall[] = [];
  const queue = [...responders];
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const call: FetchCall = {
      url,
      init,
      query: new URL(url, 'http://localhost').searchParams,
      headers: { ...(init.headers as Record<string, string>) },
    };
    calls.push(call);
    const respond = queue.length > 1 ? queue.shift()! : queue[0];
    if (!respond) throw new TypeError('fakeFetch: no response queued');
    return respond(call);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** A JSON response. */
export function jsonResponse(body: unknown, status = 200): Response {
  return { ok: status >= 200 && status < 300, status, statusText: '', json: async () => body } as Response;
}

/** A `text/event-stream` response whose body the test writes to. */
export function sseResponse() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  const stream = {
    /** Whether the reader cancelled the body (the transport let go of the connection). */
    cancelled: false,
    response: { ok: true, status: 200, statusText: 'OK', body } as unknown as Response,
    write: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
    fail: (error: unknown) => controller.error(error),
  };
  const getReader = body.getReader.bind(body);
  body.getReader = (() => {
    const reader = getReader();
    const cancel = reader.cancel.bind(reader);
    reader.cancel = (reason?: unknown) => {
      stream.cancelled = true;
      return cancel(reason);
    };
    return reader;
  }) as typeof body.getReader;
  return stream;
}
