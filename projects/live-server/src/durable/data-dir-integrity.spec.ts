import { strict as assert } from 'node:assert';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLiveServer, type LiveServer } from '../server';
import { call } from '../testing/test-http';
import { waitUntil } from '../testing/wait-until';
import { encodeLogLine } from './log-line';
import { dataDirPaths } from './open-data-dir';

/** What proves that a data directory is whole: snapshot, log header, lock, line numbers, bytes. */
describe('durable mode: a data directory that is not whole is never served as if it were', () => {
  const root = mkdtempSync(join(tmpdir(), 'live-server-integrity-'));
  let dirs = 0;
  const newDir = () => join(root, `data-${++dirs}`);
  after(() => rmSync(root, { recursive: true, force: true }));
  const quiet = { port: 0, log: () => undefined };
  const order = (server: LiveServer, token = 'demo-alice', key?: string) =>
    call(server.url, 'POST', '/api/orders', { token, body: { items: [{ productId: 'p-2', variantId: 'p-2-v1', quantity: 1 }] }, headers: key ? { 'Idempotency-Key': key } : {} });
  /** A directory as a crash after `count` orders leaves it (the lock names this live process, which holds no lock on the copy). */
  const crashedAfterOrders = async (count: number, options = {}) => {
    const dir = newDir();
    const server = await createLiveServer({ ...quiet, dataDir: dir, ...options });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await order(server)).body.id);
    const copy = newDir();
    cpSync(dir, copy, { recursive: true });
    const position = server.hub.position;
    await server.close();
    return { dir: copy, ids, position };
  };

  it('a failed snapshot write keeps the old snapshot and the log, reports not ready, recovers, and a failed final snapshot fails the stop', async () => {
    const dir = newDir();
    const messages: string[] = [];
    const server = await createLiveServer({ port: 0, dataDir: dir, compactEvery: 3, log: (message) => messages.push(message) });
    const paths = dataDirPaths(dir);
    const goodSnapshot = readFileSync(paths.snapshot, 'utf8');
    mkdirSync(`${paths.snapshot}.tmp`); // Any error: here the temporary file cannot be opened.
    try {
      for (let i = 0; i < 4; i++) assert.equal((await order(server)).status, 201);
      assert.equal(readFileSync(paths.snapshot, 'utf8'), goodSnapshot, 'the good snapshot is not replaced');
      assert.equal(readFileSync(paths.log, 'utf8').trim().split('\n').length, 5, 'the log keeps its header and every command');
      const health = await call(server.url, 'GET', '/api/health');
      assert.equal(health.status, 503);
      assert.match(health.body.reason, /could not compact the data directory .*old snapshot and the log are kept/);
      assert.match(messages.join('\n'), /could not compact/);
      rmSync(`${paths.snapshot}.tmp`, { recursive: true });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      assert.equal((await order(server)).status, 201);
      await waitUntil(
        async () => ((await call(server.url, 'GET', '/api/health')).status === 200 ? true : undefined),
        () => 'healthy after the retried compaction',
      );
      assert.equal(JSON.parse(readFileSync(paths.snapshot, 'utf8')).appliedThrough, 5);
      assert.equal((await order(server)).status, 201);
      mkdirSync(`${paths.snapshot}.tmp`);
    } finally {
      await assert.rejects(server.close(), /could not write the final snapshot .*Nothing is lost/);
    }
    rmSync(`${paths.snapshot}.tmp`, { recursive: true });
    const restarted = await createLiveServer({ ...quiet, dataDir: dir });
    try {
      assert.deepEqual(restarted.hub.position, server.hub.position, 'the log still had the last command');
    } finally {
      await restarted.close();
    }
  });

  it('a lost or emptied log starts a new epoch (with a log message), so old positions resync', async () => {
    for (const lose of ['delete', 'empty'] as const) {
      const { dir, ids, position } = await crashedAfterOrders(3, { compactEvery: 2 });
      const log = dataDirPaths(dir).log;
      if (lose === 'delete') rmSync(log);
      else writeFileSync(log, '');
      const messages: string[] = [];
      const server = await createLiveServer({ port: 0, dataDir: dir, log: (message) => messages.push(message) });
      try {
        assert.notEqual(server.hub.epoch, position.epoch, `${lose}: a new epoch`);
        assert.equal(server.hub.latestSeq, 3, `${lose}: seq 3 was handed out, and is not handed out again`);
        assert.equal((await call(server.url, 'GET', `/api/orders/${ids[2]}`, { token: 'demo-alice' })).status, 404, `${lose}: the snapshot's state (command 2)`);
        assert.match(messages.join('\n'), /commands after the snapshot's 2 may be lost, so started a new epoch/);
        const poll = await call(server.url, 'GET', `/api/events?since=${position.epoch}:2&types=orders`, { token: 'demo-alice' });
        assert.equal(poll.body.frames[0].type, 'RESYNC_REQUIRED');
      } finally {
        await server.close();
      }
      const again = await createLiveServer({ ...quiet, dataDir: dir });
      assert.equal(again.hub.epoch, server.hub.epoch, `${lose}: the new epoch was written and is kept`);
      await again.close();
    }
  });

  it('refuses a log that does not continue the snapshot (from another moment), naming both files', async () => {
    const dir = newDir();
    const server = await createLiveServer({ ...quiet, dataDir: dir, compactEvery: 2 });
    await order(server);
    const paths = dataDirPaths(dir);
    const oldLog = readFileSync(paths.log);
    for (let i = 0; i < 3; i++) await order(server);
    await server.close();
    writeFileSync(paths.log, oldLog);
    await assert.rejects(
      createLiveServer({ ...quiet, dataDir: dir }),
      /commands\.jsonl does not continue .*snapshot\.json: line 1 \(the header\): the log is .*, the snapshot names/,
    );
  });

  it('NEW_EPOCH=1 (after restoring a backup) keeps the data and starts a new epoch', async () => {
    const { dir, ids, position } = await crashedAfterOrders(2);
    const server = await createLiveServer({ ...quiet, dataDir: dir, newEpoch: true });
    try {
      assert.notEqual(server.hub.epoch, position.epoch);
      assert.equal(server.hub.latestSeq, position.seq);
      assert.equal((await call(server.url, 'GET', `/api/orders/${ids[1]}`, { token: 'demo-alice' })).status, 200);
    } finally {
      await server.close();
    }
  });

  it('refuses a second server on a data directory in use, and takes over the lock of a dead process', async () => {
    const dir = newDir();
    const server = await createLiveServer({ ...quiet, dataDir: dir });
    try {
      await assert.rejects(createLiveServer({ ...quiet, dataDir: dir }), /lock is held by process \d+, which is running: another server uses this data directory/);
    } finally {
      await server.close();
    }
    writeFileSync(dataDirPaths(dir).lock, '999999999\n');
    const messages: string[] = [];
    const next = await createLiveServer({ port: 0, dataDir: dir, log: (message) => messages.push(message) });
    await next.close();
    assert.match(messages.join('\n'), /was left by process 999999999, which is not running; took the lock over/);
  });

  it('stops the start at a repeated or backward command number, and at a command of the wrong shape, naming file and line', async () => {
    const { dir } = await crashedAfterOrders(3);
    const log = dataDirPaths(dir).log;
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    writeFileSync(log, [...lines.slice(0, 3), lines[2], lines[3], ''].join('\n'));
    await assert.rejects(createLiveServer({ ...quiet, dataDir: dir }), /corrupt at .*commands\.jsonl line 4: command 2 follows 2/);
    writeFileSync(log, [...lines, lines[1], ''].join('\n'));
    await assert.rejects(createLiveServer({ ...quiet, dataDir: dir }), /corrupt at .*commands\.jsonl line 5: command 1 follows 3/);
    // With a checksum that matches (written by hand or by a buggy writer), the command's shape is still checked.
    const first = JSON.parse(lines[1]);
    const broken = encodeLogLine(1, { ...first.command, operation: { ...first.command.operation, items: null } }).trim();
    writeFileSync(log, [lines[0], broken, ...lines.slice(2), ''].join('\n'));
    await assert.rejects(
      createLiveServer({ ...quiet, dataDir: dir }),
      /corrupt at .*commands\.jsonl line 2: no valid "command" \(field operation: field items must be a non-empty array\)/,
    );
  });

  it('cuts a torn last line at the right byte even after an invalid UTF-8 byte, then refuses that line', async () => {
    const { dir } = await crashedAfterOrders(2);
    const log = dataDirPaths(dir).log;
    const bytes = readFileSync(log);
    const at = bytes.indexOf('"quantity"');
    bytes[at + 1] = 0xff;
    writeFileSync(log, bytes);
    appendFileSync(log, '{"n":3,"comm');
    await assert.rejects(createLiveServer({ ...quiet, dataDir: dir }), /corrupt at .*commands\.jsonl line 2: not valid UTF-8/);
    assert.equal(statSync(log).size, bytes.length, 'only the torn bytes were cut');
  });
});
