import { strict as assert } from 'node:assert';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createLiveServer } from '../server';
import { call } from '../testing/test-http';
import { dataDirPaths } from './open-data-dir';
import { keyedOrder, scratchDataDirs } from '../testing/scratch-data-dirs';

/** A log that is whole line by line but shorter than what was acknowledged: a new epoch, nothing handed out twice. */
describe('durable mode: a log that lost commands (cut back to its header, an older backup) starts a new epoch', () => {
  const newDir = scratchDataDirs('live-server-cut-back-');
  const order = keyedOrder;

  /** Restarts `dir` and checks: a new epoch with a message, old positions resync, new seq and ids above every acknowledged one. */
  const expectNewEpoch = async (dir: string, acknowledged: { epoch: string; seq: number; lastId: string }) => {
    const messages: string[] = [];
    const server = await createLiveServer({ port: 0, dataDir: dir, log: (message) => messages.push(message) });
    try {
      assert.notEqual(server.hub.epoch, acknowledged.epoch, 'a new epoch');
      assert.match(messages.join('\n'), /commands\.jsonl ends at command \d+, but command \d+ was acknowledged .*head.*the log lost commands.*started a new epoch/);
      const poll = await call(server.url, 'GET', `/api/events?since=${acknowledged.epoch}:1&types=orders`, { token: 'demo-alice' });
      assert.equal(poll.body.frames[0].type, 'RESYNC_REQUIRED');
      const next = await order(server, 'after-the-loss');
      assert.equal(next.status, 201);
      assert.ok(Number(next.body.id.slice(2)) > Number(acknowledged.lastId.slice(2)), `order id ${next.body.id} is new (last acknowledged ${acknowledged.lastId})`);
      assert.ok(server.hub.latestSeq > acknowledged.seq, `seq ${server.hub.latestSeq} is above the acknowledged ${acknowledged.seq}`);
    } finally {
      await server.close();
    }
  };

  it('a log cut back to its header line', async () => {
    const dir = newDir();
    const server = await createLiveServer({ port: 0, dataDir: dir, log: () => undefined });
    let lastId = '';
    for (let i = 0; i < 5; i++) lastId = (await order(server, `h${i}`)).body.id;
    const crashed = newDir();
    cpSync(dir, crashed, { recursive: true });
    const { epoch, seq } = server.hub.position;
    await server.close();
    const log = dataDirPaths(crashed).log;
    writeFileSync(log, `${readFileSync(log, 'utf8').split('\n')[0]}\n`);
    await expectNewEpoch(crashed, { epoch, seq, lastId });
  });

  it('a snapshot and log restored from an older backup of the same epoch', async () => {
    const dir = newDir();
    const server = await createLiveServer({ port: 0, dataDir: dir, compactEvery: 3, log: () => undefined });
    await order(server, 'b0');
    const backup = newDir();
    cpSync(dir, backup, { recursive: true });
    let lastId = '';
    for (let i = 1; i < 7; i++) lastId = (await order(server, `b${i}`)).body.id;
    const { epoch, seq } = server.hub.position;
    await server.close();
    for (const file of ['snapshot.json', 'commands.jsonl']) cpSync(join(backup, file), join(dir, file));
    await expectNewEpoch(dir, { epoch, seq, lastId });
  });
});
