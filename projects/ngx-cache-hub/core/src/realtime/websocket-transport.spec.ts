import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket';
import { CacheHubErrorCode } from '../hub/cache-hub-error';
import type { TransportSession } from './realtime-transport';
import { webSocketTransport } from './websocket-transport';

const URL = 'ws://localhost:8181/live';
const elapse = (ms: number) => jest.advanceTimersByTimeAsync(ms);
const openSocket = () => elapse(10); // mock-socket opens a socket after 4 ms

describe('webSocketTransport', () => {
  let server: Server;
  let clients: Client[];
  let received: string[];
  let opened: jest.Mock;

  const session = (overrides: Partial<TransportSession> = {}): TransportSession => ({ entityTypes: [], opened, ...overrides });
  const transport = () => webSocketTransport({ url: URL, WebSocketCtor: MockWebSocket });

  beforeEach(() => {
    jest.useFakeTimers();
    server = new Server(URL);
    clients = [];
    received = [];
    opened = jest.fn();
    server.on('connection', (socket) => {
      clients.push(socket);
      socket.on('message', (data) => received.push(String(data)));
    });
  });

  afterEach(() => {
    server.stop();
    jest.useRealTimers();
  });

  it('without a WebSocket (Node before 22, server rendering) fails the connection with TransportFailed, saying what to pass', () => {
    const holder = globalThis as { WebSocket?: unknown };
    const saved = Object.getOwnPropertyDescriptor(holder, 'WebSocket');
    delete holder.WebSocket;
    try {
      const errors: unknown[] = [];
      webSocketTransport({ url: URL })
        .connect(session())
        .subscribe({ error: (error) => errors.push(error) });
      expect(errors).toEqual([
        expect.objectContaining({ code: CacheHubErrorCode.TransportFailed, message: expect.stringMatching(/WebSocket is not available here.*Pass WebSocketCtor/) }),
      ]);
    } finally {
      if (saved) Object.defineProperty(holder, 'WebSocket', saved);
    }
  });

  it('reports the connection open once the socket is', async () => {
    const subscription = transport().connect(session()).subscribe();
    expect(opened).not.toHaveBeenCalled();
    await openSocket();
    expect(opened).toHaveBeenCalledTimes(1);
    expect(clients).toHaveLength(1);
    subscription.unsubscribe();
  });

  it('puts the session token in the URL', async () => {
    const subscription = transport()
      .connect(session({ token: 'a b' }))
      .subscribe();
    await openSocket();
    expect(clients[0].url).toBe(`${URL}?token=a%20b`);
    subscription.unsubscribe();
  });

  it('with tokenProtocol, sends the token as one more sub-protocol and keeps it out of the URL', async () => {
    const ctor = jest.fn((url: string, protocols?: string | string[]) => new MockWebSocket(url, protocols));
    const subscription = webSocketTransport({
      url: URL,
      protocol: 'ngx-cache-hub',
      tokenProtocol: (token) => `bearer.${token}`,
      WebSocketCtor: ctor as unknown as typeof WebSocket,
    })
      .connect(session({ token: 'demo-alice' }))
      .subscribe();
    await openSocket();
    expect(ctor).toHaveBeenCalledWith(URL, ['ngx-cache-hub', 'bearer.demo-alice']);
    expect(clients[0].url).toBe(URL);
    subscription.unsubscribe();
  });

  it('with tokenProtocol but no token, offers only its own sub-protocols', async () => {
    const ctor = jest.fn((url: string, protocols?: string | string[]) => new MockWebSocket(url, protocols));
    const subscription = webSocketTransport({ url: URL, protocol: 'ngx-cache-hub', tokenProtocol: (t) => `bearer.${t}`, WebSocketCtor: ctor as unknown as typeof WebSocket })
      .connect(session())
      .subscribe();
    await openSocket();
    expect(ctor).toHaveBeenCalledWith(URL, 'ngx-cache-hub');
    subscription.unsubscribe();
  });

  it('refuses tokenProtocol without protocol, and a token a sub-protocol cannot hold', () => {
    expect(() => webSocketTransport({ url: URL, tokenProtocol: (t) => `bearer.${t}` })).toThrow(/NCH104.*needs protocol/);
    const error = jest.fn();
    webSocketTransport({ url: URL, protocol: 'ngx-cache-hub', tokenProtocol: (t) => `bearer.${t}`, WebSocketCtor: MockWebSocket as unknown as typeof WebSocket })
      .connect(session({ token: 'a/b=' }))
      .subscribe({ error });
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ code: CacheHubErrorCode.TransportFailed }));
  });

  it('passes incoming frames on as raw strings, even when they are not JSON', async () => {
    const frames: unknown[] = [];
    const subscription = transport()
      .connect(session())
      .subscribe((frame) => frames.push(frame));
    await openSocket();
    clients[0].send('{"type":"PING"}');
    clients[0].send('not json');
    expect(frames).toEqual(['{"type":"PING"}', 'not json']);
    subscription.unsubscribe();
  });

  it('sends client frames as JSON on the open connection', async () => {
    const ws = transport();
    const subscription = ws.connect(session()).subscribe();
    await openSocket();
    ws.send({ type: 'SUBSCRIBE', entityType: 'product', since: { epoch: 'e1', seq: 4 } });
    await elapse(10);
    expect(received.map((text) => JSON.parse(text))).toEqual([{ type: 'SUBSCRIBE', entityType: 'product', since: { epoch: 'e1', seq: 4 } }]);
    subscription.unsubscribe();
  });

  it('drops frames sent while there is no connection', async () => {
    const ws = transport();
    ws.send({ type: 'PONG' });
    const subscription = ws.connect(session()).subscribe();
    await openSocket();
    subscription.unsubscribe();
    ws.send({ type: 'PONG' });
    await openSocket();
    expect(received).toEqual([]);
  });

  it('completes when the server closes the connection', async () => {
    const complete = jest.fn();
    transport().connect(session()).subscribe({ complete });
    await openSocket();
    clients[0].close();
    await elapse(10);
    expect(complete).toHaveBeenCalled();
  });

  it('errors when the connection fails', async () => {
    const error = jest.fn();
    transport().connect(session()).subscribe({ error });
    await openSocket();
    server.simulate('error');
    await elapse(10);
    expect(error).toHaveBeenCalled();
  });

  it('closes the socket on unsubscribe', async () => {
    const subscription = transport().connect(session()).subscribe();
    await openSocket();
    const closed = jest.fn();
    clients[0].addEventListener('close', closed);
    subscription.unsubscribe();
    await elapse(10);
    expect(closed).toHaveBeenCalled();
    expect(server.clients()).toHaveLength(0);
  });

  it('reports a WebSocket constructor that throws as an error of the connection', () => {
    const broken = webSocketTransport({
      url: URL,
      WebSocketCtor: class {
        constructor() {
          throw new Error('no sockets here');
        }
      } as unknown as typeof WebSocket,
    });
    const brokenError = jest.fn();
    broken.connect(session()).subscribe({ error: brokenError });
    expect(brokenError).toHaveBeenCalledWith(expect.any(Error));
  });
});
