/** One event of a `text/event-stream`. */
export interface SseEvent {
  /** The `event:` field; `'message'` when the server sent none. */
  readonly event: string;
  /** The `data:` lines, joined with `\n`. */
  readonly data: string;
  /** The last `id:` seen on the stream, if any. */
  readonly id?: string;
  /** A `: comment` line (servers send them as heartbeats); `data` is its text. */
  readonly comment?: true;
}

const LINE_END = /\r\n|\r|\n/;

/**
 * An incremental `text/event-stream` parser (WHATWG HTML, "Server-sent events"): feed it text
 * chunks split anywhere, get back the events they complete.
 */
export class SseDecoder {
  private buffer = '';
  private started = false;
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  /** Adds a chunk of the stream and returns the events completed by it, in order. */
  push(chunk: string): SseEvent[] {
    this.buffer += chunk;
    if (!this.started && this.buffer !== '') {
      this.started = true;
      this.buffer = this.buffer.replace(/^\uFEFF/, '');
    }
    const events: SseEvent[] = [];
    for (let match = LINE_END.exec(this.buffer); match; match = LINE_END.exec(this.buffer)) {
      // A trailing CR may be the first half of a CRLF split across chunks: wait for the next one.
      if (match[0] === '\r' && match.index + 1 === this.buffer.length) {
        break;
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.readLine(line);
      if (event) {
        events.push(event);
      }
    }
    return events;
  }

  private readLine(line: string): SseEvent | undefined {
    if (line === '') {
      return this.dispatch();
    }
    if (line.startsWith(':')) {
      return { event: '', data: line.slice(1), comment: true };
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') {
      this.data.push(value);
    } else if (field === 'event') {
      this.event = value;
    } else if (field === 'id' && !value.includes('\0')) {
      this.id = value;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    const data = this.data;
    const event = this.event || 'message';
    this.data = [];
    this.event = '';
    if (data.length === 0) {
      return undefined;
    }
    return this.id === undefined ? { event, data: data.join('\n') } : { event, data: data.join('\n'), id: this.id };
  }
}
