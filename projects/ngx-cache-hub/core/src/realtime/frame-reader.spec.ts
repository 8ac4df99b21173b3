import { CacheHubError } from '../hub/cache-hub-error';
import { FrameReader, type MessageMeta } from './frame-reader';
import { SseMessage } from './sse-message';

describe('FrameReader', () => {
  const errors: CacheHubError[] = [];
  beforeEach(() => (errors.length = 0));

  it('reads protocol frames as they are, and only unnamed SSE events without a mapper', () => {
    const reader = new FrameReader(undefined, (error) => errors.push(error));
    expect(reader.read('{"type":"PING","epoch":"e1","seq":3}')).toEqual([{ type: 'PING', epoch: 'e1', seq: 3 }]);
    expect(reader.read(new SseMessage('message', { type: 'PING' }, 'e1:4'))).toEqual([{ type: 'PING' }]);
    expect(reader.read(new SseMessage('stock_updated', { type: 'PING' }))).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('gives mapMessage the SSE id, the event name and the position, and numbers mapped frames by the id', () => {
    const metas: MessageMeta[] = [];
    const reader = new FrameReader(
      (message, meta) => {
        metas.push(meta);
        const { variant_id, stock_quantity } = (message as { data: { variant_id: string; stock_quantity: number } }).data;
        return { type: 'ENTITY_UPDATED', data: { entityType: 'variants', entityId: variant_id, changes: { stock: stock_quantity }, version: meta.position } };
      },
      (error) => errors.push(error),
    );
    const frames = reader.read(new SseMessage('stock_updated', { data: { variant_id: 'v-1', stock_quantity: 4 } }, '31'));
    expect(metas).toEqual([{ id: '31', event: 'stock_updated', position: 31 }]);
    expect(frames).toEqual(
      [{ type: 'ENTITY_UPDATED', seq: 31, epoch: undefined, data: { entityType: 'variants', entityId: 'v-1', changes: { stock: 4 }, version: 31 } }].map(stripUndefined),
    );
    expect(reader.lastId).toBe('31');
  });

  it('counts messages for the position when they carry no numeric id, so later ones win', () => {
    const positions: number[] = [];
    const reader = new FrameReader(
      (_, meta) => (positions.push(meta.position), null),
      (error) => errors.push(error),
    );
    reader.read('{"a":1}');
    reader.read(new SseMessage('message', {}, 'not-a-number'));
    expect(positions).toEqual([1, 2]);
  });
});

function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
