import * as fc from 'fast-check';
import { SseDecoder, type SseEvent } from './sse-decoder';

const decodeAll = (...chunks: string[]): SseEvent[] => {
  const decoder = new SseDecoder();
  return chunks.flatMap((chunk) => decoder.push(chunk));
};

describe('SseDecoder', () => {
  it('emits an event for every blank-line-terminated block with data', () => {
    expect(decodeAll('data: {"a":1}\n\ndata: two\n\n')).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'message', data: 'two' },
    ]);
  });

  it('joins several data lines with a newline', () => {
    expect(decodeAll('data: a\ndata:b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('keeps the last id and the event name', () => {
    expect(decodeAll('id: 41\nevent: update\ndata: x\n\ndata: y\n\n')).toEqual([
      { event: 'update', data: 'x', id: '41' },
      { event: 'message', data: 'y', id: '41' },
    ]);
  });

  it('yields comments as heartbeats and ignores retry lines and blocks without data', () => {
    expect(decodeAll(': keep-alive\n\nretry: 100\n\nid: 3\n\n')).toEqual([{ event: '', data: ' keep-alive', comment: true }]);
  });

  it('waits for the blank line before emitting', () => {
    const decoder = new SseDecoder();
    expect(decoder.push('data: x\n')).toEqual([]);
    expect(decoder.push('\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('understands CRLF and CR line ends, even when a CRLF is split between chunks', () => {
    expect(decodeAll('data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r\n')).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
      { event: 'message', data: 'c' },
    ]);
  });

  it('drops a byte order mark at the start of the stream', () => {
    expect(decodeAll('\uFEFFdata: x\n\n')).toEqual([{ event: 'message', data: 'x' }]);
  });

  it('yields the same events however the stream is split into chunks', () => {
    const stream = 'id: 1\ndata: {"type":"PING"}\n\n: c\r\ndata: a\r\ndata: b\r\n\r\nevent: e\rdata: z\r\r\n';
    const whole = decodeAll(stream);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 })), (cuts) => {
        const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
        const chunks = points.slice(1).map((end, i) => stream.slice(points[i], end));
        expect(decodeAll(...chunks)).toEqual(whole);
      }),
    );
    expect(whole).toHaveLength(4);
  });
});
