/**
 * A position in a server's event stream: `seq` counts events within one history, the `epoch`
 * names that history. A server that loses or renumbers its history starts a new epoch.
 */
export interface StreamPosition {
  readonly epoch: string;
  readonly seq: number;
}

const positions = new WeakMap<object, StreamPosition>();

/**
 * Reads a position from `epoch:seq` text (the `X-Stream-Position` header, an SSE id) or from an
 * `{ epoch, seq }` object; undefined for anything else.
 */
export function parseStreamPosition(value: unknown): StreamPosition | undefined {
  if (typeof value === 'string') {
    const at = value.lastIndexOf(':');
    const seq = Number(value.slice(at + 1));
    return at > 0 && value.slice(at + 1) !== '' && Number.isSafeInteger(seq) && seq >= 0 ? { epoch: value.slice(0, at), seq } : undefined;
  }
  const { epoch, seq } = (value ?? {}) as { epoch?: unknown; seq?: unknown };
  return typeof epoch === 'string' && epoch !== '' && Number.isSafeInteger(seq) && (seq as number) >= 0 ? { epoch, seq: seq as number } : undefined;
}

/** `epoch:seq`, as headers, SSE ids and query parameters carry a position. */
export function formatStreamPosition(position: StreamPosition): string {
  return `${position.epoch}:${position.seq}`;
}

/**
 * Notes which stream position a server answer reflects, so that the real-time layer resumes the
 * entity type from there and never misses an event between the answer and its subscription.
 * Returns `value` itself (an object: a detail or a list). List answers shaped `{ items, position }`
 * need no call.
 *
 * @example
 * http.get<Product>(url, { observe: 'response' }).pipe(map((r) => withStreamPosition(r.body!, r.headers.get('X-Stream-Position'))))
 */
export function withStreamPosition<T>(value: T, position: StreamPosition | string | null | undefined): T {
  const parsed = parseStreamPosition(position);
  if (parsed && typeof value === 'object' && value !== null) positions.set(value, parsed);
  return value;
}

/** The position a value was answered at: noted by `withStreamPosition`, or a list's `position` field. */
export function streamPositionOf(value: unknown): StreamPosition | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  return positions.get(value) ?? parseStreamPosition((value as { position?: unknown }).position);
}
