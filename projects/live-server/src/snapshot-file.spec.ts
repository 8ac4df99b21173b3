import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLiveServer } from './server';
import { readSnapshotFile } from './snapshot-file';
import { call } from './testing/test-http';
import { TestWsClient } from './testing/test-ws-client';

describe('restarting on saved state', () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-server-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data, versions, seq and idempotency keys across a restart with a data file', async () => {
    const dataFile = join(dir, 'state.json');
    const first = await createLiveServer({ port: 0, dataFile });
    const request = { body: { name: 'Saved name' }, headers: { 'Idempotency-Key': 'rename-once' } };
    const renamed = await call(first.url, 'PATCH', '/api/products/p-1', request);
    const seq = first.hub.latestSeq;
    await first.close();

    const second = await createLiveServer({ port: 0, dataFile });
    try {
      assert.deepEqual((await call(second.url, 'GET', '/api/products/p-1')).body, renamed.body);
      const replayed = await call(second.url, 'PATCH', '/api/products/p-1', request);
      assert.equal(replayed.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(second.hub.latestSeq, seq, 'the replay applied nothing');
      const client = await TestWsClient.connect(second.url);
      await client.subscribed('products', 0);
      assert.deepEqual(client.events.map((frame) => frame.seq), [seq], 'old events are still replayable');
      await call(second.url, 'PATCH', '/api/products/p-1', { body: { name: 'Newer name' } });
      const live = await client.waitFor((frame) => frame.seq === seq + 1, 'the next seq');
      assert.equal(live.data?.version, renamed.body.version + 1);
      client.close();
    } finally {
      await second.close();
    }
  });

  it('starts from an in-memory snapshot', async () => {
    const first = await createLiveServer({ port: 0 });
    await call(first.url, 'POST', '/api/products/p-2/restock', { body: { variantId: 'p-2-v1', quantity: 5 } });
    const snapshot = first.snapshot();
    await first.close();
    const second = await createLiveServer({ port: 0, snapshot });
    try {
      assert.deepEqual(second.store.products.get('p-2'), snapshot.store.products.find((product) => product.id === 'p-2'));
      assert.equal(second.hub.latestSeq, 1);
    } finally {
      await second.close();
    }
  });

  it('refuses a corrupt data file with a clear message', () => {
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"format": 1, "store": ');
    assert.throws(() => readSnapshotFile(corrupt), /not a readable snapshot.*Delete it/);
    writeFileSync(corrupt, '{"hello": "world"}');
    assert.throws(() => readSnapshotFile(corrupt), /not a live-server snapshot/);
    assert.equal(readSnapshotFile(join(dir, 'missing.json')), undefined);
  });
});
