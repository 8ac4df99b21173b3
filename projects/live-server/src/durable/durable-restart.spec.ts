import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';
import { TestWsClient } from '../testing/test-ws-client';
import { dataDirPaths } from './open-data-dir';

describe('durable mode (DATA_DIR)', () => {
  const root = mkdtempSync(join(tmpdir(), 'live-server-'));
  let dirs = 0;
  const newDir = () => join(root, `data-${++dirs}`);
  after(() => rmSync(root, { recursive: true, force: true }));
  const quiet = { port: 0, log: () => undefined };
  const rename = (server: LiveServer, name: string, key?: string) =>
    call(server.url, 'PATCH', '/api/products/p-1', { body: { name }, headers: key ? { 'Idempotency-Key': key } : {} });

  /** The log's lines after its header line (checked to be there): `{ n, command }`. */
  const logEntries = (dir: string) => {
    const [header, ...lines] = readFileSync(dataDirPaths(dir).log, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.equal(typeof header.log, 'string', 'the log starts with its header line');
    return lines;
  };
  /** Copies the data directory of a running server: what a crash at this moment would leave. */
  const crashCopy = (dir: string) => {
    const copy = newDir();
    cpSync(dir, copy, { recursive: true });
    return copy;
  };
  /** A data directory as a crash right after these renames would leave it. */
  const crashedAfterRenames = async (...names: string[]) => {
    const dir = newDir();
    const server = await createLiveServer({ ...quiet, dataDir: dir });
    for (const name of names) await rename(server, name);
    const crashed = crashCopy(dir);
    await server.close();
    return crashed;
  };

  it('has the command in the fsynced log before it answers', async () => {
    const dir = newDir();
    const server = await createLiveServer({ ...quiet, dataDir: dir });
    try {
      await rename(server, 'Logged first');
      const lines = logEntries(dir);
      assert.deepEqual(
        lines.map((line) => [line.n, line.command.operation]),
        [[1, { kind: 'product.patch', productId: 'p-1', changes: { name: 'Logged first' } }]],
      );
    } finally {
      await server.close();
    }
  });

  it('continues data, versions, seq, epoch and idempotency keys after a crash, from the log', async () => {
    const dir = newDir();
    const first = await createLiveServer({ ...quiet, dataDir: dir });
    const renamed = await rename(first, 'Saved name', 'rename-once');
    const order = await call(first.url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] } });
    const { epoch, seq } = first.hub.position;
    const crashed = crashCopy(dir);
    await first.close();

    const second = await createLiveServer({ ...quiet, dataDir: crashed });
    try {
      assert.deepEqual(second.hub.position, { epoch, seq });
      assert.deepEqual((await call(second.url, 'GET', '/api/products/p-1')).body, renamed.body);
      const replayed = await rename(second, 'Saved name', 'rename-once');
      assert.equal(replayed.headers.get('Idempotent-Replayed'), 'true');
      assert.equal(second.hub.latestSeq, seq, 'the retried key applied nothing');
      const next = await call(second.url, 'POST', '/api/orders', { token: 'demo-bob', body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] } });
      assert.equal(Number(next.body.id.slice(2)), Number(order.body.id.slice(2)) + 1, 'order ids continue');
      const client = await TestWsClient.connect(second.url);
      await client.subscribed('products', { epoch, seq: 0 });
      assert.deepEqual(
        client.events.map((frame) => [frame.epoch, frame.seq]),
        [[epoch, 1]],
        'old events are still replayable',
      );
      client.close();
    } finally {
      await second.close();
    }
  });

  it('compacts into the snapshot by atomic rename, and restarts from snapshot plus log', async () => {
    const dir = newDir();
    const first = await createLiveServer({ ...quiet, dataDir: dir, compactEvery: 3 });
    for (let i = 1; i <= 5; i++) await rename(first, `Name ${i}`);
    const paths = dataDirPaths(dir);
    const snapshot = JSON.parse(readFileSync(paths.snapshot, 'utf8'));
    assert.equal(snapshot.appliedThrough, 3);
    assert.deepEqual(
      logEntries(dir).map((line) => line.n),
      [4, 5],
    );
    assert.equal(JSON.parse(readFileSync(paths.log, 'utf8').split('\n')[0]).after, 3, 'the log says where it continues the snapshot');
    const crashed = crashCopy(dir);
    await first.close();
    assert.deepEqual(logEntries(dir), [], 'a clean stop compacts everything');
    const second = await createLiveServer({ ...quiet, dataDir: crashed });
    try {
      assert.equal(second.store.products.get('p-1')!.name, 'Name 5');
      assert.equal(second.hub.latestSeq, 5);
    } finally {
      await second.close();
    }
  });

  it('drops a torn last line with a log message and keeps everything before it', async () => {
    const crashed = await crashedAfterRenames('Complete');
    appendFileSync(dataDirPaths(crashed).log, '{"n":2,"command":{"operat');
    const messages: string[] = [];
    const second = await createLiveServer({ port: 0, dataDir: crashed, log: (message) => messages.push(message) });
    try {
      assert.equal(second.store.products.get('p-1')!.name, 'Complete');
      assert.match(messages.join('\n'), /commands\.jsonl line 3 is a torn write.*dropped it/);
      await rename(second, 'After the tear');
      assert.deepEqual(
        logEntries(crashed).map((line) => line.n),
        [1, 2],
      );
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a corrupt line that is not the last, naming the file and the line', async () => {
    const crashed = await crashedAfterRenames('One', 'Two');
    const log = dataDirPaths(crashed).log;
    const lines = readFileSync(log, 'utf8').split('\n');
    writeFileSync(log, [lines[0], lines[1], '{"n":2,"comm', lines[2], ''].join('\n'));
    await assert.rejects(createLiveServer({ ...quiet, dataDir: crashed }), /command log is corrupt at .*commands\.jsonl line 3: not JSON/);
    writeFileSync(log, [lines[0], lines[2], ''].join('\n'));
    await assert.rejects(createLiveServer({ ...quiet, dataDir: crashed }), /commands\.jsonl line 2: command 2 follows 0/);
    writeFileSync(log, lines.join('\n'));
    rmSync(dataDirPaths(crashed).snapshot);
    await assert.rejects(createLiveServer({ ...quiet, dataDir: crashed }), /has commands but .*snapshot\.json is missing/);
  });

  it('keeps the older DATA_FILE form working: the snapshot at that path, the log beside it', async () => {
    const file = join(newDir(), 'live-server.json');
    const first = await createLiveServer({ ...quiet, dataFile: file });
    await rename(first, 'Kept in the file');
    assert.match(readFileSync(`${file}.commands.jsonl`, 'utf8'), /Kept in the file/);
    await first.close();
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).store.products.find((product: { id: string }) => product.id === 'p-1').name, 'Kept in the file');
    const second = await createLiveServer({ ...quiet, dataFile: file });
    try {
      assert.equal(second.store.products.get('p-1')!.name, 'Kept in the file');
      assert.deepEqual(second.hub.position, first.hub.position);
    } finally {
      await second.close();
    }
  });

  it('starts a new epoch on every in-memory start, and keeps it when started from a snapshot', async () => {
    const first = await createLiveServer({ port: 0 });
    await call(first.url, 'POST', '/api/products/p-2/restock', { body: { variantId: 'p-2-v1', quantity: 5 } });
    const snapshot = first.snapshot();
    await first.close();
    const fresh = await createLiveServer({ port: 0 });
    const restored = await createLiveServer({ port: 0, snapshot });
    try {
      assert.notEqual(fresh.hub.epoch, first.hub.epoch);
      assert.deepEqual(restored.hub.position, first.hub.position);
      assert.deepEqual(
        restored.store.products.get('p-2'),
        snapshot.store.products.find((product) => product.id === 'p-2'),
      );
    } finally {
      await Promise.all([fresh.close(), restored.close()]);
    }
  });
});
