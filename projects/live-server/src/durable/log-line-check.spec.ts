import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createLiveServer } from '../server';
import { call } from '../testing/test-http';
import { encodeLogLine } from './log-line';
import { dataDirPaths } from './open-data-dir';

/** A changed byte that leaves valid JSON must stop the start, never turn an acknowledged write into a refused one. */
describe('durable mode: every log line is checked (checksum and command shape)', () => {
  const root = mkdtempSync(join(tmpdir(), 'live-server-line-check-'));
  let dirs = 0;
  after(() => rmSync(root, { recursive: true, force: true }));
  const quiet = { port: 0, log: () => undefined };
  /** A crash copy of a directory after two acknowledged orders; its log's lines (header first). */
  const crashedAfterTwoOrders = async () => {
    const dir = join(root, `data-${++dirs}`);
    const server = await createLiveServer({ ...quiet, dataDir: dir });
    for (const productId of ['p-1', 'p-2']) {
      const created = await call(server.url, 'POST', '/api/orders', { token: 'demo-alice', body: { items: [{ productId, variantId: `${productId}-v1`, quantity: 1 }] } });
      assert.equal(created.status, 201);
    }
    const copy = join(root, `data-${++dirs}`);
    cpSync(dir, copy, { recursive: true });
    await server.close();
    const log = dataDirPaths(copy).log;
    return { dir: copy, log, lines: readFileSync(log, 'utf8').trim().split('\n') };
  };

  it('refuses the start at a line whose bytes changed but are still valid JSON (kind, productId, at), naming file and line', async () => {
    const { dir, log, lines } = await crashedAfterTwoOrders();
    for (const [from, to] of [
      ['"kind":"order.create"', '"kind":"order.creatf"'],
      ['"productId":"p-1"', '"productId":"p-9"'],
      [/"at":"[^"]*"/, '"at":"garbage"'],
    ] as const) {
      const changed = lines[1].replace(from, to);
      assert.notEqual(changed, lines[1]);
      writeFileSync(log, [lines[0], changed, lines[2], ''].join('\n'));
      await assert.rejects(createLiveServer({ ...quiet, dataDir: dir }), /command log is corrupt at .*commands\.jsonl line 2: its checksum does not match its bytes/);
    }
  });

  it('refuses a command of an unknown kind or with mistyped fields even when its checksum matches, or in a log without checksums', async () => {
    const { dir, log, lines } = await crashedAfterTwoOrders();
    const header = JSON.parse(lines[0]);
    const { command } = JSON.parse(lines[1]);
    const cases = [
      [{ ...command, operation: { ...command.operation, kind: 'order.creatf' } }, /field operation: an operation of a known kind .*not "order\.creatf"/],
      [{ ...command, at: 'garbage' }, /field at must be an ISO 8601 time/],
      [{ ...command, operation: { ...command.operation, items: [{ productId: 7, variantId: 'p-1-v1', quantity: 1 }] } }, /item 0: field productId must be a non-empty string/],
    ] as const;
    for (const [bad, problem] of cases) {
      writeFileSync(log, [lines[0], encodeLogLine(1, bad).trim(), lines[2], ''].join('\n'));
      await assert.rejects(createLiveServer({ ...quiet, dataDir: dir }), new RegExp(`commands\\.jsonl line 2: no valid "command" .*${problem.source}`));
      // A log written before checksums (no "check" in its header, no "sum" on its lines): the shape is checked.
      const { check: _check, ...oldHeader } = header;
      writeFileSync(log, [JSON.stringify(oldHeader), JSON.stringify({ n: 1, command: bad }), JSON.stringify({ n: 2, command: JSON.parse(lines[2]).command }), ''].join('\n'));
      await assert.rejects(createLiveServer({ ...quiet, dataDir: dir }), new RegExp(`commands\\.jsonl line 2: no valid "command" .*${problem.source}`));
    }
    // In a log whose header announces checksums, a line without one is refused.
    writeFileSync(log, [lines[0], JSON.stringify({ n: 1, command }), lines[2], ''].join('\n'));
    await assert.rejects(createLiveServer({ ...quiet, dataDir: dir }), /line 2: no checksum, though the log header says every line has one/);
    writeFileSync(log, [...lines, ''].join('\n'));
    const server = await createLiveServer({ ...quiet, dataDir: dir });
    try {
      assert.equal(server.hub.latestSeq, 2, 'the untouched log replays both orders');
    } finally {
      await server.close();
    }
  });

  it("refuses a header that was changed, also one that drops its checksum flag to pass lines off as an older server's", async () => {
    const { dir, log, lines } = await crashedAfterTwoOrders();
    const header = JSON.parse(lines[0]);
    const { check: _check, ...unchecked } = header;
    const unsummed = (line: string, edit = (text: string) => text) => edit(JSON.stringify((({ sum: _sum, ...rest }) => rest)(JSON.parse(line))));
    const raised = (text: string) => text.replace('"quantity":1', '"quantity":9');
    const cases: [string[], RegExp][] = [
      // Step: the flag and one line's sum dropped, that line edited; the next line still has its sum.
      [[JSON.stringify(unchecked), unsummed(lines[1], raised), lines[2]], /line 3: a checksum, though the log header does not announce them/],
      // Step: the flag and every sum dropped: the snapshot (checksummed) says its log has them.
      [[JSON.stringify(unchecked), unsummed(lines[1], raised), unsummed(lines[2])], /line 1 \(the header\): it does not announce the checksums/],
      [[`${lines[0]} `, lines[1], lines[2]], /line 1: the header is not as the server writes it/],
      [[`\uFEFF${lines[0]}`, lines[1], lines[2]], /line 1: the header is not as the server writes it/],
      [[JSON.stringify({ zz: 1, ...header }), lines[1], lines[2]], /line 1: the header is not as the server writes it/],
    ];
    for (const [changed, problem] of cases) {
      writeFileSync(log, [...changed, ''].join('\n'));
      await assert.rejects(createLiveServer({ ...quiet, dataDir: dir }), problem, changed[0]);
    }
  });
});
