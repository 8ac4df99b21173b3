import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseClientFrame } from './client-frame';

describe('parseClientFrame', () => {
  it('accepts SUBSCRIBE with and without since, UNSUBSCRIBE and PONG', () => {
    assert.deepEqual(parseClientFrame('{"type":"SUBSCRIBE","entityType":"orders","since":12}'), {
      ok: true,
      frame: { type: 'SUBSCRIBE', entityType: 'orders', since: 12 },
    });
    assert.deepEqual(parseClientFrame('{"type":"SUBSCRIBE","entityType":"products"}'), { ok: true, frame: { type: 'SUBSCRIBE', entityType: 'products' } });
    assert.deepEqual(parseClientFrame('{"type":"UNSUBSCRIBE","entityType":"customers"}'), { ok: true, frame: { type: 'UNSUBSCRIBE', entityType: 'customers' } });
    assert.deepEqual(parseClientFrame('{"type":"PONG"}'), { ok: true, frame: { type: 'PONG' } });
  });

  it('refuses invalid JSON, non-objects, unknown types, unknown entity types and bad since values', () => {
    for (const text of ['{oops', '42', '[]', 'null', '{"type":"HELLO"}', '{}', '{"type":"SUBSCRIBE","entityType":"users"}', '{"type":"SUBSCRIBE","entityType":"orders","since":-1}', '{"type":"SUBSCRIBE","entityType":"orders","since":"5"}', '{"type":"SUBSCRIBE","entityType":"orders","since":1.5}']) {
      const parsed = parseClientFrame(text);
      assert.equal(parsed.ok, false, text);
      assert.ok(!parsed.ok && parsed.message.length > 0);
    }
  });
});
