import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLiveServer } from '../server';
import { call } from '../testing/test-http';
import { dataDirPaths } from './open-data-dir';
import { keyedOrder, scratchDataDirs } from '../testing/scratch-data-dirs';

/** The snapshot is checked (SHA-256) and cross-checked with head; a damaged head with a cut log, and a crash in a new-epoch start, never reuse seq or ids. */
describe('durable mode: snapshot checksum, head cross-check, new-epoch start crashes', () => {
  const newDir = scratchDataDirs('live-server-snapshot-head-');
  const order = keyedOrder;

  /** `count` acknowledged orders, then a copy of the directory as a kill -9 would leave it (the log is fsynced). */
  const acknowledged = async (count: number, compactEvery?: number) => {
    const dir = newDir();
    const server = await createLiveServer({ port: 0, dataDir: dir, log: () => undefined, ...(compactEvery ? { compactEvery } : {}) });
    let lastId = '';
    for (let i = 0; i < count; i++) lastId = (await order(server, `k${i}`)).body.id;
    const crashed = newDir();
    cpSync(dir, crashed, { recursive: true });
    rmSync(dataDirPaths(crashed).lock); // a kill -9 leaves a lock of a dead pid
    const { epoch, seq } = server.hub.position;
    await server.close();
    return { dir, crashed, epoch, seq, lastId };
  };
  const cutLogToHeader = (dir: string) => {
    const log = dataDirPaths(dir).log;
    writeFileSync(log, `${readFileSync(log, 'utf8').split('\n')[0]}\n`);
  };

  /** A restart in a new epoch: old positions resync, the next seq and order id are above `floor`. */
  const expectNewEpoch = async (dir: string, floor: { epoch: string; seq: number; lastId: string }, message?: RegExp) => {
    const messages: string[] = [];
    const server = await createLiveServer({ port: 0, dataDir: dir, log: (text) => messages.push(text) });
    try {
      assert.notEqual(server.hub.epoch, floor.epoch, 'a new epoch');
      if (message) assert.match(messages.join('\n'), message);
      const poll = await call(server.url, 'GET', `/api/events?since=${floor.epoch}:1&types=orders`, { token: 'demo-alice' });
      assert.equal(poll.body.frames[0].type, 'RESYNC_REQUIRED');
      const next = await order(server, 'after');
      assert.equal(next.status, 201);
      assert.ok(Number(next.body.id.slice(2)) > Number(floor.lastId.slice(2)), `order id ${next.body.id} is above ${floor.lastId}`);
      assert.ok(server.hub.latestSeq > floor.seq, `seq ${server.hub.latestSeq} is above ${floor.seq}`);
    } finally {
      await server.close();
    }
  };

  it('a flipped bit anywhere in snapshot.json (latestSeq, nextOrderNumber, a price) refuses the start naming the file', async () => {
    const { dir } = await acknowledged(3);
    const paths = dataDirPaths(dir);
    const good = readFileSync(paths.snapshot, 'utf8');
    const flips: [string, RegExp][] = [
      ['latestSeq', /"latestSeq":(\d)/],
      ['nextOrderNumber', /"nextOrderNumber":(\d)/],
      ['price', /"price":(\d)/],
      ['the sum field', /"sum":"(.)/],
      ['the format', /"format":(\d)/],
    ];
    for (const [what, pattern] of flips) {
      const match = pattern.exec(good)!;
      const at = match.index + match[0].length - 1;
      const bytes = Buffer.from(good);
      bytes[at] ^= 4;
      writeFileSync(paths.snapshot, bytes);
      await assert.rejects(createLiveServer({ port: 0, dataDir: dir, log: () => undefined }), /snapshot\.json/, `a flip in ${what} is refused`);
    }
    writeFileSync(paths.snapshot, good);
    const server = await createLiveServer({ port: 0, dataDir: dir, log: () => undefined });
    assert.equal(server.hub.latestSeq, 3);
    await server.close();
  });

  it('a snapshot behind the seq and order number that head records starts a new epoch above head', async () => {
    const { dir, epoch, seq } = await acknowledged(3);
    const paths = dataDirPaths(dir);
    const head = JSON.parse(readFileSync(paths.head, 'utf8'));
    writeFileSync(paths.head, JSON.stringify({ ...head, seq: seq + 5, nextOrderNumber: head.nextOrderNumber + 5 }));
    await expectNewEpoch(dir, { epoch, seq: seq + 5, lastId: `o-${head.nextOrderNumber + 4}` }, /head records seq 8 .*started a new epoch/);
  });

  for (const [damage, apply] of [
    ['missing', (path: string) => rmSync(path)],
    ['empty', (path: string) => writeFileSync(path, '')],
    ['torn', (path: string) => writeFileSync(path, readFileSync(path).subarray(0, 20))],
    ['garbage', (path: string) => writeFileSync(path, 'x\u0001!?')],
  ] as const) {
    it(`head ${damage} and the log cut back to its header: a new epoch, seq and ids above the snapshot`, async () => {
      const { crashed, epoch } = await acknowledged(7, 3);
      const snapshot = JSON.parse(readFileSync(dataDirPaths(crashed).snapshot, 'utf8').replace(/^\{"sum":"[0-9a-f]{64}",/, '{'));
      cutLogToHeader(crashed);
      apply(dataDirPaths(crashed).head);
      // Only the snapshot survives (6 of the 7 orders): the floors are what it knows.
      await expectNewEpoch(
        crashed,
        { epoch, seq: snapshot.hub.latestSeq, lastId: `o-${snapshot.store.nextOrderNumber - 1}` },
        /head is missing or unreadable .*started a new epoch/,
      );
    });
  }

  it('a kill -9 at each step of a new-epoch start restarts in a new epoch, seq and ids above every acknowledged one', async () => {
    const main = join(__dirname, '..', 'main.ts');
    for (const step of ['before-snapshot', 'before-log', 'before-head', 'after-head']) {
      const { crashed, epoch, seq, lastId } = await acknowledged(10);
      cutLogToHeader(crashed);
      const run = spawnSync(process.execPath, ['--import', 'tsx', main], {
        env: { ...process.env, DATA_DIR: crashed, PORT: '0', LIVE_SERVER_CRASH_AT: step },
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(run.signal, 'SIGKILL', `${step}: the start was killed (${run.stderr})`);
      await expectNewEpoch(crashed, { epoch, seq, lastId });
    }
  });

  it('a log the snapshot replaced cannot lose its checksums: the snapshot records that it had them', async () => {
    const { crashed } = await acknowledged(4);
    cutLogToHeader(crashed);
    // Step: a new-epoch start killed between its snapshot and its new log leaves the snapshot naming the old log as the one it replaced.
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'main.ts')], {
      env: { ...process.env, DATA_DIR: crashed, PORT: '0', LIVE_SERVER_CRASH_AT: 'before-log' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.signal, 'SIGKILL', run.stderr);
    const snapshot = JSON.parse(readFileSync(dataDirPaths(crashed).snapshot, 'utf8').replace(/^\{"sum":"[0-9a-f]{64}",/, '{'));
    assert.equal(snapshot.previousLogCheck, 'sha256-16');
    // Step: that old log's header loses its checksum flag, as if an older server had written it.
    const log = dataDirPaths(crashed).log;
    const { check: _check, ...unchecked } = JSON.parse(readFileSync(log, 'utf8').split('\n')[0]);
    assert.equal(unchecked.log, snapshot.previousLogId);
    writeFileSync(log, `${JSON.stringify(unchecked)}\n`);
    await assert.rejects(
      createLiveServer({ port: 0, dataDir: crashed, log: () => undefined }),
      /line 1 \(the header\): it does not announce the checksums the snapshot says the log it replaced has/,
    );
  });
});
