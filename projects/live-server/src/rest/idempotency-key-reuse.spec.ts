import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { LiveStore } from '../store/live-store';
import { createLiveServer } from '../server';
import { call } from '../testing/test-http';

/** docs/offline.md: "a repeat with the same key and a different payload is a client bug: answer 422 (permanent)". */
describe('Idempotency-Key reused for another request', () => {
  const root = mkdtempSync(join(tmpdir(), 'live-server-key-reuse-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('answers 422 for another body or route and applies nothing, also after a restart; the same request still replays', async () => {
    const dir = join(root, 'data');
    const headers = { 'Idempotency-Key': 'K' };
    let server = await createLiveServer({ port: 0, dataDir: dir, log: () => undefined });
    try {
      const first = await call(server.url, 'PATCH', '/api/products/p-1', { token: 'demo-alice', headers, body: { name: 'First' } });
      assert.equal(first.status, 200);
      const head = server.hub.latestSeq;
      const otherBody = await call(server.url, 'PATCH', '/api/products/p-1', { token: 'demo-alice', headers, body: { name: 'Second' } });
      assert.equal(otherBody.status, 422);
      assert.match(otherBody.body.error, /Idempotency-Key "K" was already used for a different request/);
      assert.equal(otherBody.headers.get('Idempotent-Replayed'), null);
      const otherRoute = await call(server.url, 'POST', '/api/orders', { token: 'demo-alice', headers, body: { items: [{ productId: 'p-1', variantId: 'p-1-v1', quantity: 1 }] } });
      assert.equal(otherRoute.status, 422);
      assert.equal(server.store.products.get('p-1')!.name, 'First');
      assert.equal(server.hub.latestSeq, head, 'nothing was applied');
      const same = await call(server.url, 'PATCH', '/api/products/p-1', { token: 'demo-alice', headers, body: { name: 'First' } });
      assert.equal(same.status, 200);
      assert.equal(same.headers.get('Idempotent-Replayed'), 'true');
    } finally {
      await server.close();
    }
    server = await createLiveServer({ port: 0, dataDir: dir, log: () => undefined });
    try {
      const deleted = await call(server.url, 'DELETE', '/api/customers/c-1', { token: 'demo-alice', headers });
      assert.equal(deleted.status, 422);
      assert.ok(server.store.customers.has('c-1'), 'the customer is not deleted');
    } finally {
      await server.close();
    }
  });

  it('the store refuses a command whose key was used for another operation (repeats that race past the route), without recording it', () => {
    const store = new LiveStore();
    const at = '2025-05-01T10:00:00.000Z';
    const rename = (name: string) => store.apply({ operation: { kind: 'product.patch', productId: 'p-1', changes: { name } }, at, actor: 'alice', idempotencyKey: 'R' });
    assert.equal(rename('One').status, 200);
    const reused = rename('Two');
    assert.equal(reused.status, 422);
    assert.equal(reused.conflict, true);
    assert.equal(reused.changes.length, 0);
    assert.equal(store.products.get('p-1')!.name, 'One');
    assert.equal(rename('One').replayed, true, 'the first request still replays');
  });
});
