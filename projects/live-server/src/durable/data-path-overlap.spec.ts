import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLiveServer } from '../server';
import { call } from '../testing/test-http';

/** DATA_FILE and DATA_DIR take different locks: pointing one into the other must be refused. */
describe('durable mode: DATA_FILE and DATA_DIR never overlap', () => {
  const root = mkdtempSync(join(tmpdir(), 'live-server-overlap-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const quiet = { port: 0, log: () => undefined };

  it('refuses DATA_FILE inside a running DATA_DIR (its snapshot untouched), and a DATA_DIR holding DATA_FILE files', async () => {
    const dir = join(root, 'data');
    const server = await createLiveServer({ ...quiet, dataDir: dir });
    try {
      assert.equal((await call(server.url, 'PATCH', '/api/products/p-1', { body: { name: 'Acknowledged' } })).status, 200);
      const snapshot = readFileSync(join(dir, 'snapshot.json'), 'utf8');
      for (const file of ['snapshot.json', 'other.json']) {
        await assert.rejects(
          createLiveServer({ ...quiet, dataFile: join(dir, file) }),
          /DATA_FILE=.* is inside the data directory .*\(it holds commands\.jsonl, lock, head\).*Use DATA_DIR=/,
        );
      }
      assert.equal(readFileSync(join(dir, 'snapshot.json'), 'utf8'), snapshot, 'the snapshot is not rewritten');
      assert.ok(!existsSync(join(dir, 'snapshot.json.lock')));
    } finally {
      await server.close();
    }
    const again = await createLiveServer({ ...quiet, dataDir: dir });
    assert.equal(again.store.products.get('p-1')!.name, 'Acknowledged');
    await again.close();

    const fileDir = join(root, 'file-form');
    const fileServer = await createLiveServer({ ...quiet, dataFile: join(fileDir, 'live.json') });
    try {
      await assert.rejects(createLiveServer({ ...quiet, dataDir: fileDir }), /DATA_DIR=.* holds files of a DATA_FILE server \(live\.json\.commands\.jsonl.*\)/);
    } finally {
      await fileServer.close();
    }
  });
});
