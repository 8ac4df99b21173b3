import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startServerProcess, stopProcess } from '../testing/child-processes';
import { call } from '../testing/test-http';
import { dataDirPaths } from './open-data-dir';

describe('durable mode under a file-size limit (ulimit -f: short writes, EFBIG), real process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-server-fsize-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('never replaces the good snapshot with a fragment; reports not ready; a clean stop exits non-zero; the restart has every acknowledged write', async () => {
    // 64 KiB: the seed snapshot (about 58 KB) fits, a snapshot with a few dozen more orders does not.
    const server = await startServerProcess({ DATA_DIR: dir, COMPACT_EVERY: '10' }, { fileSizeKiB: 64 });
    const acknowledged: string[] = [];
    let exit: number | null = null;
    try {
      for (let i = 0; i < 60; i++) {
        const answer = await call(server.url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] } });
        if (answer.status === 201) acknowledged.push(answer.body.id);
      }
      const health = await call(server.url, 'GET', '/api/health');
      assert.equal(health.status, 503, 'not ready while compactions fail');
      assert.match(health.body.reason, /could not compact/);
      JSON.parse(readFileSync(dataDirPaths(dir).snapshot, 'utf8')); // still a whole snapshot
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGTERM');
      exit = await exited;
    } finally {
      await stopProcess(server.child);
    }
    assert.notEqual(exit, 0, 'a stop whose final snapshot failed exits non-zero');
    assert.match(server.output(), /could not write the final snapshot/);
    assert.ok(acknowledged.length >= 40, `most writes were acknowledged (${acknowledged.length})`);

    const restarted = await startServerProcess({ DATA_DIR: dir });
    try {
      for (const id of acknowledged) assert.equal((await call(restarted.url, 'GET', `/api/orders/${id}`, { token: 'demo-alice' })).status, 200, id);
    } finally {
      await stopProcess(restarted.child);
    }
  });
});
