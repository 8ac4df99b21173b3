import { strict as assert } from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRandom } from '../random';
import { startServerProcess, stopProcess } from '../testing/child-processes';
import { CrashWorkload } from '../testing/crash-workload';
import { call } from '../testing/test-http';

/** Rounds of write, SIGKILL, restart; CRASH_ROUNDS raises it (CI runs 20). CRASH_SEED replays a run. */
const ROUNDS = Number(process.env['CRASH_ROUNDS'] ?? 20);
const SEED = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const CLIENTS = 4;

type Frame = { type: string; epoch: string; seq: number; data: any };

describe('durable mode: SIGKILL of the real server process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-server-crash-'));
  const children: ChildProcess[] = [];
  after(async () => {
    for (const child of children) await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    `keeps every acknowledged write, never reuses an id or a seq, answers retried keys from the key (${ROUNDS} kills, seed ${SEED})`,
    { timeout: 60_000 + ROUNDS * 5_000 },
    async () => {
      const random = createRandom(SEED);
      const workload = new CrashWorkload(CLIENTS, SEED);
      const seen = new Map<number, string>();
      let epoch: string | undefined;
      let initialStock: number[] = [];
      let initialNames: string[] = [];
      const start = async () => {
        const server = await startServerProcess({ DATA_DIR: dir, HISTORY_SIZE: '1000000' });
        children.push(server.child);
        return server;
      };

      /** Every invariant of a restarted server; then the writes of unknown outcome are retried with their keys. */
      const checkRecovered = async (url: string, round: number) => {
        const frames = await allFrames(url, epoch);
        epoch ??= frames.epoch;
        assert.equal(frames.epoch, epoch, `round ${round}: the restart kept the epoch`);
        for (const frame of frames.list) {
          const json = JSON.stringify(frame);
          if (seen.has(frame.seq)) assert.equal(json, seen.get(frame.seq), `round ${round}: seq ${frame.seq} was reused`);
          seen.set(frame.seq, json);
        }
        const acknowledged = workload.acknowledged;
        const bySeq = new Map(frames.list.map((frame) => [frame.seq, frame]));
        for (const write of acknowledged) {
          const frame = bySeq.get(write.answer!.seq);
          assert.ok(frame, `round ${round}: the event of acknowledged ${write.method} ${write.path} (seq ${write.answer!.seq}) is gone`);
          assert.deepEqual(eventTarget(frame), [write.answer!.body.id, write.answer!.body.version], `round ${round}: seq ${frame.seq} is another event`);
        }
        const orderIds = acknowledged.filter((write) => write.path === '/api/orders').map((write) => write.answer!.body.id);
        assert.equal(new Set(orderIds).size, orderIds.length, `round ${round}: an order id was given twice`);
        for (let client = 0; client < CLIENTS; client++) await checkClientState(url, round, client);
        await retryUnknown(url);
      };

      const checkClientState = async (url: string, round: number, client: number) => {
        const mine = workload.writes.filter((write) => write.client === client);
        const renames = mine.filter((write) => write.method === 'PATCH');
        const lastAcked = renames.map((write) => write.answer !== undefined).lastIndexOf(true);
        // The last acknowledged name, or a later one whose answer was lost in the crash.
        const allowed = [...(lastAcked < 0 ? [initialNames[client]] : []), ...renames.slice(Math.max(lastAcked, 0)).map((write) => (write.body as { name: string }).name)];
        const customer = (await call(url, 'GET', `/api/customers/c-${client + 1}`)).body;
        assert.ok(allowed.includes(customer.name), `round ${round}: c-${client + 1} is "${customer.name}", expected one of ${allowed.join(', ')}`);
        const restocks = mine.filter((write) => write.path.endsWith('/restock'));
        const acked = restocks.filter((write) => write.answer !== undefined).length;
        const product = (await call(url, 'GET', `/api/products/p-${client + 1}`)).body;
        const added = product.variants[0].stock - initialStock[client];
        assert.ok(added >= acked && added <= restocks.length, `round ${round}: p-${client + 1} got ${added} restocks, ${acked} acknowledged of ${restocks.length}`);
      };

      const retryUnknown = async (url: string) => {
        for (const write of workload.writes.filter((candidate) => candidate.answer === undefined)) {
          const answer = await workload.retry(url, write);
          assert.ok(answer.status < 300, `a retried ${write.method} ${write.path} answered ${answer.status}`);
        }
      };

      const retryAcknowledged = async (url: string, round: number) => {
        const acknowledged = workload.acknowledged;
        const headBefore = (await call(url, 'GET', '/api/health')).headers.get('x-stream-position');
        for (let i = 0; i < 3 && acknowledged.length > 0; i++) {
          const write = random.pick(acknowledged);
          const first = structuredClone(write.answer!);
          const again = await workload.retry(url, write);
          assert.equal(again.replayed, true, `round ${round}: retried key ${write.key} was applied again`);
          assert.deepEqual([again.status, again.body, again.seq], [first.status, first.body, first.seq]);
        }
        assert.equal((await call(url, 'GET', '/api/health')).headers.get('x-stream-position'), headBefore, `round ${round}: a retried key changed the state`);
      };

      for (let round = 1; round <= ROUNDS; round++) {
        const { child, url } = await start();
        if (round === 1) {
          const each = <T>(read: (i: number) => Promise<T>) => Promise.all(Array.from({ length: CLIENTS }, (_, i) => read(i)));
          initialStock = await each(async (i) => (await call(url, 'GET', `/api/products/p-${i + 1}`)).body.variants[0].stock);
          initialNames = await each(async (i) => (await call(url, 'GET', `/api/customers/c-${i + 1}`)).body.name);
        }
        await checkRecovered(url, round);
        await retryAcknowledged(url, round);
        const writing = workload.run(url, round);
        await new Promise((resolve) => setTimeout(resolve, random.int(30, 400)));
        child.kill('SIGKILL');
        await Promise.all([writing, new Promise((resolve) => child.once('exit', resolve))]);
      }
      const { child, url } = await start();
      await checkRecovered(url, ROUNDS + 1);
      for (const write of workload.acknowledged.filter((candidate) => candidate.path === '/api/orders')) {
        const order = await call(url, 'GET', `/api/orders/${write.answer!.body.id}`, { token: write.token });
        assert.deepEqual(order.body.items, write.answer!.body.items, `order ${write.answer!.body.id} is another order`);
      }
      assert.ok(workload.acknowledged.length > ROUNDS * 5, `only ${workload.acknowledged.length} writes were acknowledged`);
      await stopProcess(child);
    },
  );
});

/** The id and version an entity event is about. */
function eventTarget(frame: Frame): [string, number] {
  if (frame.type === 'ENTITY_CREATED') return [frame.data.entity.id, frame.data.entity.version];
  return [frame.data.entityId, frame.data.version];
}

/** Every retained event, public and both users' orders, in seq order, via the polling endpoint. */
async function allFrames(url: string, epoch: string | undefined): Promise<{ epoch: string; list: Frame[] }> {
  const since = epoch ? `${epoch}:0` : '0';
  const answers = await Promise.all(['demo-alice', 'demo-bob'].map((token) => call(url, 'GET', `/api/events?since=${since}&types=products,orders,customers`, { token })));
  const bySeq = new Map<number, Frame>();
  for (const answer of answers) {
    assert.equal(answer.status, 200);
    const frames = answer.body.frames as Frame[];
    assert.ok(
      frames.every((frame) => frame.type !== 'RESYNC_REQUIRED'),
      `history from 0 is retained: ${JSON.stringify(frames[0])}`,
    );
    frames.forEach((frame, index) => index === 0 || assert.ok(frame.seq > frames[index - 1].seq, 'frames in seq order'));
    for (const frame of frames) bySeq.set(frame.seq, frame);
  }
  return { epoch: answers[0].body.epoch, list: [...bySeq.values()].sort((a, b) => a.seq - b.seq) };
}
