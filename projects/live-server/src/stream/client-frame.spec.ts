import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseClientFrame } from './client-frame';

const EPOCH = 'k3j9x0aa';

describe('parseClientFrame', () => {
  it('accepts SUBSCRIBE with a { epoch, seq } since, without since, UNSUBSCRIBE and PONG', () => {
    assert.deepEqual(parseClientFrame('{"type":"SUBSCRIBE","entityType":"orders","since":{"epoch":"other1","seq":12}}', EPOCH), {
      ok: true,
      frame: { type: 'SUBSCRIBE', entityType: 'orders', since: { epoch: 'other1', seq: 12 } },
    });
    assert.deepEqual(parseClientFrame('{"type":"SUBSCRIBE","entityType":"products"}', EPOCH), { ok: true, frame: { type: 'SUBSCRIBE', entityType: 'products' } });
    assert.deepEqual(parseClientFrame('{"type":"UNSUBSCRIBE","entityType":"customers"}', EPOCH), { ok: true, frame: { type: 'UNSUBSCRIBE', entityType: 'customers' } });
    assert.deepEqual(parseClientFrame('{"type":"PONG"}', EPOCH), { ok: true, frame: { type: 'PONG' } });
  });

  it('reads a numeric since of older clients as a seq in the current epoch', () => {
    assert.deepEqual(parseClientFrame('{"type":"SUBSCRIBE","entityType":"orders","since":12}', EPOCH), {
      ok: true,
      frame: { type: 'SUBSCRIBE', entityType: 'orders', since: { epoch: EPOCH, seq: 12 } },
    });
  });

  it('refuses invalid JSON, non-objects, unknown types, unknown entity types and bad since values', () => {
    const bad = [
      '{oops',
      '42',
      '[]',
      'null',
      '{"type":"HELLO"}',
      '{}',
      '{"type":"SUBSCRIBE","entityType":"users"}',
      '{"type":"SUBSCRIBE","entityType":"orders","since":-1}',
      '{"type":"SUBSCRIBE","entityType":"orders","since":"5"}',
      '{"type":"SUBSCRIBE","entityType":"orders","since":1.5}',
      '{"type":"SUBSCRIBE","entityType":"orders","since":{"seq":3}}',
      '{"type":"SUBSCRIBE","entityType":"orders","since":{"epoch":"Bad Epoch","seq":3}}',
      '{"type":"SUBSCRIBE","entityType":"orders","since":{"epoch":"abc","seq":-3}}',
    ];
    for (const text of bad) {
      const parsed = parseClientFrame(text, EPOCH);
      assert.equal(parsed.ok, false, text);
      assert.ok(!parsed.ok && parsed.message.length > 0);
    }
  });
});
